import type { ServiceFlowState } from './rules/flow-types.js';
import { serviceOf } from './rules/step-commands.js';
import type { Label } from '../../shared/catalog/fields.js';
import type {
  RecordCheck,
  RecordOutcome,
  RecordReference,
  ServiceRecordInput,
} from './record/record-input.js';
import { faceResultReferenceSchema } from '../../shared/contracts/call-events.js';
import { recordTimeline, signalMedian } from './record/record-timeline.js';
import { recordStep } from './record/record-fields.js';
import path from 'node:path';
import { MANIFEST_FILE, type RecordingRow, type RecordingStore } from '../recording/index.js';
import type { CallStore } from '../call/index.js';
import type { ServiceStore } from './service-store.js';
import type { TicketStore } from '../queue/index.js';
import type { UserStore } from '../identity/index.js';

/** How the institution's records look: its name, its time zone. */
export interface RecordStyle {
  institution: string;
  timeZone: string;
}

export interface RecordSources {
  recordStyle: RecordStyle;
  calls: CallStore;
  tickets: TicketStore;
  users: UserStore;
  service: ServiceStore;
  recordings: RecordingStore;
}

/** The recording as the record names it: its manifest (`<day>/<call>/manifest.json`) and that file's SHA-256. */
function recordingOf(row: RecordingRow | undefined): ServiceRecordInput['recording'] {
  if (!row?.manifestSha256) return undefined;
  const manifest = path.join(
    path.basename(path.dirname(row.folder)),
    path.basename(row.folder),
    MANIFEST_FILE,
  );
  const interrupted = row.status === 'interrupted' ? ' (中断 interrupted)' : '';
  return { reference: `${manifest}${interrupted}`, manifestSha256: row.manifestSha256 };
}

const FACE_CHECK = { 'zh-CN': '人脸核验', en: 'Face check' };

/** The medians of a result event's passive signals, for the record's face section (advisory only). */
function passiveSignalMedians(value: unknown): Pick<RecordCheck, 'passiveSignals'> {
  if (!value || typeof value !== 'object') return {};
  const signals = value as Record<string, unknown>;
  const antispoof = signalMedian(signals, 'antispoof');
  const liveness = signalMedian(signals, 'liveness');
  if (antispoof === undefined && liveness === undefined) return {};
  return {
    passiveSignals: {
      ...(antispoof === undefined ? {} : { antispoof }),
      ...(liveness === undefined ? {} : { liveness }),
    },
  };
}

/** The reference a result event names, the uploader in words; nothing for events stored before it was named. */
function referenceOf(
  data: Record<string, unknown>,
  uploaderOf: (uploadedBy: string) => Label,
): Pick<RecordCheck, 'reference'> {
  const parsed = faceResultReferenceSchema.safeParse(data);
  if (!parsed.success) return {};
  const { referenceSource, referenceUploadedBy, referenceSha256 } = parsed.data;
  const reference: RecordReference = {
    ...(referenceSource ? { source: referenceSource } : {}),
    ...(referenceUploadedBy ? { uploadedBy: uploaderOf(referenceUploadedBy) } : {}),
    ...(referenceSha256 ? { sha256: referenceSha256 } : {}),
  };
  return Object.keys(reference).length === 0 ? {} : { reference };
}

/** The face check the record reports: the one that passed, else the last that failed. */
async function faceChecks(
  repo: ServiceStore,
  callId: string,
  uploaderOf: (uploadedBy: string) => Label,
): Promise<RecordCheck[]> {
  const event =
    (await repo.latestEvent(callId, 'face.check.passed')) ??
    (await repo.latestEvent(callId, 'face.check.failed'));
  if (!event) return [];
  const { distance, score, threshold, passiveSignals } = event.data;
  const measured = typeof distance === 'number' ? distance : score;
  return [
    {
      kind: 'face',
      label: FACE_CHECK,
      passed: event.type === 'face.check.passed',
      at: event.at,
      ...(typeof measured === 'number' ? { distance: measured } : {}),
      ...(typeof threshold === 'number' ? { threshold } : {}),
      ...passiveSignalMedians(passiveSignals),
      ...referenceOf(event.data, uploaderOf),
    },
  ];
}

/** A record is written for an unfinished service only when its face check attempts ran out. */
export const recordOutcome = (state: ServiceFlowState): RecordOutcome =>
  state.status === 'in_progress' ? 'not_completed' : state.status;

/** Everything the record shows, gathered from the store once the service has ended. */
export async function serviceRecordInput(
  sources: RecordSources,
  state: ServiceFlowState,
): Promise<ServiceRecordInput> {
  const { calls, tickets, users, service: repo, recordings } = sources;
  const call = (await calls.find(state.callId))!;
  const ticket = (await tickets.find(call.ticketId))!;
  const service = serviceOf(state);
  // Every account, read once: the record names several staff (actors, participants, uploaders).
  const staff = new Map((await users.all()).map((user) => [user.id, user.displayName]));
  const staffName = (staffId: string) => staff.get(staffId);
  const nameOf = (staffId: string) => staffName(staffId) ?? staffId;
  // Who an actor or participant is, by name: never a raw id in the record.
  const personOf = (actor: string): Label => {
    if (actor === 'customer') return { 'zh-CN': ticket.fullName, en: ticket.fullName };
    if (actor === 'system') return { 'zh-CN': '系统', en: 'System' };
    const name = staffName(actor.replace(/^teller:/, ''));
    return name ? { 'zh-CN': name, en: name } : { 'zh-CN': '他人', en: 'Someone else' };
  };
  const signature = await repo.signature(state.callId);
  const recording = recordingOf(await recordings.get(state.callId));
  const endedAt = state.completedAt ?? state.steps.at(-1)?.submittedAt ?? call.startedAt;
  // A reference's uploader: the customer by name, staff by name (else id), or the institution's system.
  const uploaderOf = (uploadedBy: string): Label => {
    if (uploadedBy === 'customer')
      return { 'zh-CN': `客户 ${ticket.fullName}`, en: `Customer ${ticket.fullName}` };
    if (uploadedBy === 'api_key')
      return { 'zh-CN': '机构系统（API 密钥）', en: 'Institution’s system (API key)' };
    const name = nameOf(uploadedBy);
    return { 'zh-CN': name, en: name };
  };
  const checks = await faceChecks(repo, state.callId, uploaderOf);
  const events = recordTimeline(await repo.events(state.callId), { serviceId: service.id, nameOf: personOf });
  return {
    callId: state.callId,
    institution: sources.recordStyle.institution,
    timeZone: sources.recordStyle.timeZone,
    // A customer served in English gets an English timeline.
    language: ticket.language === 'en' ? 'en' : 'zh-CN',
    service: { id: service.id, names: service.names, risk: service.risk },
    outcome: recordOutcome(state),
    startedAt: call.startedAt,
    endedAt,
    customer: { name: ticket.fullName, idNumber: ticket.idNumber },
    tellers: (await calls.tellersOf(state.callId)).map((t) => ({
      name: nameOf(t.tellerId),
      staffId: t.tellerId,
      joinedAt: t.joinedAt,
      ...(t.leftAt === null ? {} : { leftAt: t.leftAt }),
    })),
    steps: state.steps.map((s) =>
      recordStep(service.steps.find((d) => d.id === s.stepId)!, {
        ...s,
        ...(s.confirmedBy ? { confirmedBy: nameOf(s.confirmedBy) } : {}),
      }),
    ),
    checks,
    ...(signature
      ? {
          signature: {
            strokes: signature.strokes,
            summaryHash: signature.summaryHash,
            capturedAt: signature.capturedAt,
          },
        }
      : {}),
    ...(recording ? { recording } : {}),
    events,
  };
}
