import { z } from 'zod';
import { documentReferenceSchema } from '../catalog/field-schema.js';
import { DOCUMENT_TYPES } from '../catalog/fields.js';
import { SERVICE_LANGUAGE_IDS } from '../catalog/languages.js';
import { SERVICE_IDS } from '../catalog/services.js';
import { PRIORITY_CLASSES } from '../domain/priority.js';
import { FACE_CHALLENGE_STEPS, passiveSignalsSchema } from './face-events.js';
import { CHAT_SENDERS, MAX_CHAT_FILE_NAME_CHARS, MAX_CHAT_TEXT_CHARS } from './chat.js';
import { ADDRESS_CLASSES, COUNTRY_GATE_VERDICTS } from './location-events.js';
import { CALL_END_REASONS, transferTargetSchema } from './socket-events.js';
import { MONITOR_MODES } from './monitor.js';

/**
 * Every event of a call's timeline (`call_events`), with the schema of its
 * data. The timeline is the source of the audit chain, the recording's
 * manifest and the signed record: what is stored is checked against this
 * table first (TimelineStore.append), and the readers (audit mapping, the
 * auditor's labels, the manifest, the record) key their tables by its types,
 * so a type they do not handle does not compile.
 *
 * It sits in shared/ because the rules of several features read it at run
 * time (an old name read back, a label looked up) and a rules folder may not
 * import another feature's code; the auditor's page gets these types too.
 */

const id = z.string().min(1);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();
/** A side of the call in its media room: `customer` or `teller:<staff id>`. */
const participant = z.string().regex(/^(customer|teller:.+)$/);
// The counter's ticket carries plain strings; the catalogue still bounds them when stored.
const serviceId = z.string().refine((v) => (SERVICE_IDS as readonly string[]).includes(v));
const language = z.string().refine((v) => (SERVICE_LANGUAGE_IDS as readonly string[]).includes(v));
/** What a step holds once validated: a field's text, number, tick or document reference. */
const stepValues = z.record(
  z.string(),
  z.union([z.string(), z.number().finite(), z.boolean(), documentReferenceSchema]),
);
const nothing = z.strictObject({});
const transfer = z.strictObject({ transferId: id });
const step = z.strictObject({ stepId: id });
const monitor = z.strictObject({ supervisorId: id });

/** What every face-check result carries; `score` repeats the distance under the name the record prints. */
/** Who provided a reference photo: the customer, the teller, or the institution's file. */
export const REFERENCE_SOURCES = ['customer', 'teller', 'on_file'] as const;

/** The reference a face-check result names; each field is absent in events written before it was added. */
const faceReference = {
  referenceSource: z.enum(REFERENCE_SOURCES).optional(),
  // Who uploaded it (`customer`, a staff id, `api_key`) and its hash, so the record can name the photo.
  referenceUploadedBy: z.string().min(1).optional(),
  referenceSha256: sha256.optional(),
};
/** Reads just the reference out of a stored face-check result (the record's identity-check section). */
export const faceResultReferenceSchema = z.object(faceReference);

const faceResult = {
  checkId: id,
  distance: z.number().nullable(),
  score: z.number().nullable(),
  threshold: z.number(),
  reviewBand: z.number(),
  challenge: z.array(z.enum(FACE_CHALLENGE_STEPS)),
  referenceId: id,
  ...faceReference,
  // Passive signals: advisory scores beside the result (absent in older events).
  passiveSignals: passiveSignalsSchema.optional(),
};
/** A result the server judged from the frames it received. */
const judged = (outcome: 'pass' | 'fail' | 'review') =>
  z.strictObject({
    ...faceResult,
    outcome: z.literal(outcome),
    reasons: z.array(z.string().min(1)),
    frameHashes: z.array(sha256),
  });

export const CALL_EVENT_DATA = {
  // Before the call: the ticket's consent and its time in line (callId null).
  'consent.recording': z.strictObject({ notice: z.string().min(1) }),
  'queue.joined': z.strictObject({ serviceId, language, priority: z.enum(PRIORITY_CLASSES) }),
  'queue.left': nothing,
  'queue.abandoned': nothing,

  // The call and its sides.
  'call.started': z.strictObject({ tellerId: id }),
  'call.ended': z.strictObject({ reason: z.enum(CALL_END_REASONS) }),
  'call.participant.left': z.strictObject({ participant }),
  'call.participant.rejoined': z.strictObject({ participant }),
  // The node holding the call was lost: the call goes on, on another node, as a new media segment.
  'call.resumed': z.strictObject({ fromNode: z.string().min(1).max(64), toNode: z.string().min(1).max(64) }),
  // The node holding the call was stopped (a drain): it handed the call to another node, where it
  // goes on as a new media segment after the ones finished there.
  'call.moved': z.strictObject({ fromNode: z.string().min(1).max(64), toNode: z.string().min(1).max(64) }),
  // Screen share: a side shows its screen or a window, as a producer of its own (recorded as its own track).
  'call.screen_share.started': z.strictObject({ participant, producerId: id }),
  'call.screen_share.stopped': z.strictObject({ participant, producerId: id }),

  // Handing the call to a colleague.
  'transfer.requested': z.strictObject({
    transferId: id,
    target: transferTargetSchema,
    reason: z.string().min(1).max(200),
  }),
  'transfer.consented': transfer,
  'transfer.refused': transfer,
  'transfer.cancelled': transfer,
  'transfer.completed': z.strictObject({ transferId: id, fromTellerId: id, toTellerId: id }),

  // The guided service.
  'service.step_pushed': z.strictObject({ stepId: id, index: count, presented: stepValues.optional() }),
  'service.step_submitted': z.strictObject({ stepId: id, values: stepValues }),
  'service.step_confirmed': step,
  'service.step_correction_requested': z.strictObject({ stepId: id, message: z.string().min(1) }),
  'service.withdrawn': step,
  'service.document_uploaded': z.strictObject({
    documentId: id,
    sha256,
    mediaType: z.enum(DOCUMENT_TYPES),
  }),
  'service.signature_requested': z.strictObject({ summaryHash: sha256 }),
  // The strokes and the image are kept in call_signatures, not here.
  'service.signature_captured': z.strictObject({
    summaryHash: sha256,
    imageSha256: sha256,
    pointCount: count,
    durationMs: z.number().nonnegative(),
    capturedAt: count,
  }),
  'service.completed': z.strictObject({
    serviceId,
    faceCheck: z
      .strictObject({
        checkId: id,
        passed: z.boolean(),
        score: z.number().optional(),
        threshold: z.number().optional(),
        referenceSource: z.enum(REFERENCE_SOURCES).optional(),
      })
      .optional(),
  }),
  'service.rated': z.strictObject({ score: z.number().int().min(1).max(5) }),
  'record.downloaded': nothing,
  'record.access_denied': nothing,

  // The face check.
  // `score` is the detector's confidence; a photo brought from file has none. `source`: who provided it.
  'face.reference.stored': z.strictObject({
    referenceId: id,
    sha256,
    score: z.number().optional(),
    source: z.enum(REFERENCE_SOURCES).optional(),
  }),
  'face.check.started': z.strictObject({
    checkId: id,
    challenge: z.array(z.enum(FACE_CHALLENGE_STEPS)),
    attempt: z.number().int().positive(),
    remaining: count,
  }),
  // Judged a pass, or decided so by the teller from the review band.
  'face.check.passed': z.union([
    judged('pass'),
    z.strictObject({ ...faceResult, outcome: z.literal('pass'), decidedBy: z.string().min(1) }),
  ]),
  'face.check.failed': judged('fail'),
  'face.check.review': judged('review'),
  'face.review.decided': z.strictObject({
    checkId: id,
    decision: z.enum(['pass', 'fail']),
    by: z.string().min(1),
    distance: z.number().nullable(),
    threshold: z.number(),
  }),
  'face.attempts.exhausted': z.strictObject({ failed: count, max: count }),

  // The in-call chat: each message's text, and each file's hash (the bytes stay in the chat's folder).
  'chat.message': z.strictObject({
    messageId: id,
    from: z.enum(CHAT_SENDERS),
    text: z.string().min(1).max(MAX_CHAT_TEXT_CHARS),
  }),
  'chat.file': z.strictObject({
    messageId: id,
    fileId: id,
    from: z.enum(CHAT_SENDERS),
    sha256,
    mediaType: z.enum(DOCUMENT_TYPES),
    byteLength: count,
    fileName: z.string().max(MAX_CHAT_FILE_NAME_CHARS).optional(),
  }),
  // The customer's location at call start (remote-KYC): the IP country from the GeoIP database, and
  // the browser's coordinates when the customer consented. `gate` is the allowed-countries verdict.
  'location.ip_country': z.strictObject({
    address: z.string().min(1).max(64),
    addressClass: z.enum(ADDRESS_CLASSES),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable(),
    gate: z.enum(COUNTRY_GATE_VERDICTS),
  }),
  'location.browser': z.discriminatedUnion('status', [
    z.strictObject({
      status: z.literal('granted'),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      accuracy: z.number().nonnegative().finite(),
    }),
    z.strictObject({ status: z.enum(['pending', 'refused', 'unavailable']) }),
  ]),
  // A supervisor monitoring the call (server/call/monitoring.ts). Listening and whispering are
  // never shown to the customer (see `shownToCustomer`); a barge is shown everywhere.
  'supervisor.listening': monitor,
  'supervisor.whispering': monitor,
  'supervisor.barged_in': monitor,
  'supervisor.left': z.strictObject({ supervisorId: id, mode: z.enum(MONITOR_MODES) }),

  // The recording (the call goes on when a recorder fails).
  'recording.failed': z.strictObject({
    track: z.string().min(1),
    code: z.string().min(1),
    message: z.string(),
  }),
} as const satisfies Record<string, z.ZodType<object>>;

export type CallEventType = keyof typeof CALL_EVENT_DATA;
export const CALL_EVENT_TYPES = Object.keys(CALL_EVENT_DATA) as CallEventType[];
export type CallEventData<T extends CallEventType> = z.infer<(typeof CALL_EVENT_DATA)[T]>;

/** Who and when, for every event. A ticket's events before its call have no callId. */
export interface CallEventHead {
  callId: string | null;
  ticketId: string | null;
  at: number;
  /** 'customer', 'system', a staff user id, or `ticket:<id>` for a refused download. */
  actor: string;
}

/** The types whose data is empty: their writers may leave `data` out. */
type EmptyDataType = {
  [T in CallEventType]: Record<never, never> extends CallEventData<T> ? T : never;
}[CallEventType];

/** An event of type T as a writer hands it over: `type` decides what `data` must be. */
export type CallEventOf<T extends CallEventType> =
  | (CallEventHead & { type: T; data: CallEventData<T> })
  | ([T] extends [EmptyDataType] ? CallEventHead & { type: T; data?: undefined } : never);

/** Any stored event, its data always present: switching on `type` narrows `data`. */
export type CallEvent = {
  [T in CallEventType]: CallEventHead & { type: T; data: CallEventData<T> };
}[CallEventType];

const headSchema = z.strictObject({
  callId: id.nullable(),
  ticketId: id.nullable(),
  at: count,
  actor: z.string().min(1),
});

const isCallEventType = (type: unknown): type is CallEventType =>
  typeof type === 'string' && Object.hasOwn(CALL_EVENT_DATA, type);

/**
 * An event checked for storing: a known type, a valid head (a call or a
 * ticket named) and its type's data. The data is returned as given, so what
 * is stored is byte for byte what the writer built.
 */
export function checkCallEvent(
  input: CallEventHead & { type: string; data?: unknown },
): { ok: true; event: CallEvent } | { ok: false; problem: string } {
  const { type, data, ...head } = input;
  if (!isCallEventType(type))
    return { ok: false, problem: `unknown call event type ${JSON.stringify(type)}` };
  const parsedHead = headSchema.safeParse(head);
  if (!parsedHead.success) return { ok: false, problem: `${type}: ${z.prettifyError(parsedHead.error)}` };
  if (parsedHead.data.callId === null && parsedHead.data.ticketId === null)
    return { ok: false, problem: `${type}: names neither a call nor a ticket` };
  const parsedData = CALL_EVENT_DATA[type].safeParse(data ?? {});
  if (!parsedData.success) return { ok: false, problem: `${type}: ${z.prettifyError(parsedData.error)}` };
  return { ok: true, event: { ...input, data: data ?? {} } as CallEvent };
}

/**
 * Names stored before they were fixed. Rows and manifests keep their bytes
 * (their hashes are bound into signed records); readers map them on read.
 */
const FORMER_NAMES: Readonly<Record<string, CallEventType>> = {
  'service.service_completed': 'service.completed',
  'service.service_withdrawn': 'service.withdrawn',
};

/** A stored type as today names it; undefined for a type this version does not know. */
export function callEventTypeOf(stored: string): CallEventType | undefined {
  if (isCallEventType(stored)) return stored;
  return Object.hasOwn(FORMER_NAMES, stored) ? FORMER_NAMES[stored] : undefined;
}

/** A stored type under today's name; one this version does not know is kept as it is. */
export const currentTypeName = (stored: string): string => callEventTypeOf(stored) ?? stored;

/** Every name a type may be stored under: today's and its former ones. */
export function storedNamesOf(type: CallEventType): string[] {
  return [type, ...Object.keys(FORMER_NAMES).filter((former) => FORMER_NAMES[former] === type)];
}

/**
 * Whether the customer may see an event: a supervisor listening in or
 * whispering to the teller stays out of everything the customer is shown or
 * given (its pages, the record it downloads); auditors see every event.
 */
export function shownToCustomer(event: { type: string; data: Record<string, unknown> }): boolean {
  switch (callEventTypeOf(event.type)) {
    case 'supervisor.listening':
    case 'supervisor.whispering':
      return false;
    case 'supervisor.left':
      return event.data.mode === 'barge';
    default:
      return true;
  }
}

// Values kept in their own tables (step values, what a step showed, strokes):
// timelines meant to be read list what happened, not the payloads.
const BULKY = new Set(['strokes', 'png', 'values', 'presented']);

/** An event's data without the payloads kept elsewhere, for the manifest and the record. */
export function withoutBulk(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !BULKY.has(key)));
}
