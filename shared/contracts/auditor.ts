import type { ChatSender } from './chat.js';
import { z } from 'zod';
import type { Label } from '../catalog/fields.js';
import type { MonitorMode } from './monitor.js';
import type { VerificationProblem } from './record-verification.js';
import type { ProducerSource } from './media.js';
import { CALL_END_REASONS, type CallEndReason } from './socket-events.js';

/**
 * The auditor's REST surface (`/api/audit/...`, auditors and supervisors):
 * find calls, open one, re-verify it, decide on it. Recording files are served
 * from `GET /api/recordings/:callId/<file as named in the manifest>` with Range.
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'code:invalid_date');

/** GET /api/audit/calls query. Days are UTC calendar days, both ends included. */
export const callSearchSchema = z
  .object({
    from: isoDay.optional(),
    to: isoDay.optional(),
    /** Teller's username or part of their display name. */
    teller: z.string().trim().max(80, 'code:too_long').optional(),
    serviceId: z.string().trim().max(60, 'code:too_long').optional(),
    /** Part of the customer's name, or their full ID number. */
    customer: z.string().trim().max(80, 'code:too_long').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'code:range_reversed', path: ['to'] });
export type CallSearch = z.input<typeof callSearchSchema>;

export const AUDIT_STATUSES = ['not_required', 'pending', 'approved', 'rejected'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const RECORDING_STATUSES = ['none', 'recording', 'complete', 'interrupted', 'purged'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** How the call's service ended, as its timeline tells it. */
export const SERVICE_OUTCOMES = ['completed', 'withdrawn', 'not_completed', 'in_progress'] as const;
export type ServiceOutcome = (typeof SERVICE_OUTCOMES)[number];
/** Why a service was not completed. */
export const NOT_COMPLETED_REASONS = ['face_attempts_exhausted', 'face_check_failed', 'call_ended'] as const;
/** The last face check's result; `not_done` when the call had none. */
export const FACE_OUTCOMES = ['passed', 'failed', 'review', 'not_done'] as const;

/** What the auditor is shown of how a call went: codes the page names from its catalog. */
export const callOutcomeSchema = z.strictObject({
  service: z.enum(SERVICE_OUTCOMES),
  notCompletedBecause: z.enum(NOT_COMPLETED_REASONS).nullable(),
  /** How the call ended; null while it goes on. */
  endReason: z.enum(CALL_END_REASONS).nullable(),
  face: z.enum(FACE_OUTCOMES),
  /** Hand-overs to another teller that took place. */
  transfers: z.number().int().nonnegative(),
  /** Tracks whose recorder failed during the call. */
  recordingFailures: z.number().int().nonnegative(),
});
export type CallOutcome = z.infer<typeof callOutcomeSchema>;
export type { CallEndReason };

/** One line of the search result. Customer name and ID are masked here. */
export interface AuditCallRow {
  callId: string;
  startedAt: number;
  endedAt: number | null;
  serviceId: string;
  tellers: { username: string; displayName: string }[];
  customerNameMasked: string;
  customerIdMasked: string;
  highRisk: boolean;
  auditStatus: AuditStatus;
  recordingStatus: RecordingStatus;
  outcome: CallOutcome;
}

/**
 * A call whose service did not complete, whose face check did not pass, or
 * whose recording is not whole: approving such a high-risk call takes a
 * second confirmation.
 */
export function callHasProblems(call: Pick<AuditCallRow, 'outcome' | 'recordingStatus'>): boolean {
  const { outcome } = call;
  return (
    outcome.service !== 'completed' ||
    outcome.face === 'failed' ||
    outcome.face === 'review' ||
    outcome.recordingFailures > 0 ||
    call.recordingStatus !== 'complete'
  );
}

export interface PlaybackSegment {
  /** Relative to the call's folder, as in the manifest; fetch with `GET /api/recordings/:callId/<file>`. */
  file: string;
  url: string;
  codec: string;
  /** Milliseconds from the call's start (the manifest's time base). */
  startOffsetMs: number;
  durationMs: number | null;
}

export interface PlaybackTrack {
  participantKey: string;
  /** A supervisor's tracks: a whisper (`whisper`, heard by the teller only) or a barge. */
  role: 'customer' | 'teller' | 'supervisor';
  whisper?: true;
  displayName: string;
  kind: 'audio' | 'video';
  /** A track beyond the participant's camera and microphone: `screen`, a shared screen. */
  source?: ProducerSource;
  segments: PlaybackSegment[];
}

/** Who did it: the customer, the system, or a staff member by username. */
export type TimelineActor = { kind: 'customer' } | { kind: 'system' } | { kind: 'staff'; name: string };

/**
 * What an event's text says beyond its type, for the page to put into its
 * catalog's sentence: codes it names itself, titles in both languages, and
 * text a person wrote (a transfer's reason), shown as written.
 */
export interface TimelineFacts {
  /** The step's title in the call's service (its id when the service no longer has it). */
  step?: Label;
  /** call.ended */
  endReason?: CallEndReason;
  /** Which side left or came back. */
  side?: 'customer' | 'teller';
  /** face.review.decided */
  decision?: 'pass' | 'fail';
  /** supervisor.left: the mode the supervisor left. */
  monitorMode?: MonitorMode;
  /** Written by the teller (a transfer's reason). */
  note?: string;
  /** chat.message and chat.file: who wrote, the text as written (shown as text), or the file and its hash. */
  chat?: {
    from: ChatSender;
    text?: string;
    file?: { fileId: string; sha256: string; mediaType: string; fileName: string | null };
  };
}

export interface AuditTimelineEvent {
  offsetMs: number;
  /** Today's name of the type; one this version does not know stays as stored. */
  type: string;
  actor: TimelineActor;
  facts: TimelineFacts;
}

export interface AuditDecisionView {
  decision: 'approved' | 'rejected';
  comment: string;
  by: string;
  at: number;
  /** The outcome the auditor was shown when deciding; null for decisions stored before it was kept. */
  seenOutcome: CallOutcome | null;
}

/** GET /api/audit/calls/:callId. Opening it is audit-logged. */
export interface AuditCallDetail extends AuditCallRow {
  /** Call length in ms: the player's range. */
  durationMs: number | null;
  recording: { manifestSha256: string | null; interrupted: boolean; tracks: PlaybackTrack[] } | null;
  events: AuditTimelineEvent[];
  /** The signed record's download URL, null when the call produced none. */
  recordUrl: string | null;
  decision: AuditDecisionView | null;
}

/**
 * What a check found, as a code and its parameters: the page words it in its
 * own language (client/auditor/verify-text.ts).
 */
export type VerifyFinding =
  | { code: 'recording_not_ended' }
  | { code: 'manifest_missing' }
  | { code: 'manifest_hash_mismatch' }
  | { code: 'manifest_unreadable' }
  | { code: 'purged_manifest_ok'; purgedAt: number }
  | { code: 'files_mismatch'; count: number; total: number }
  | { code: 'files_ok'; total: number }
  | { code: 'record_missing' }
  | { code: 'record_unreadable'; storedDiffers: boolean }
  | { code: 'signature_broken'; problems: VerificationProblem[]; storedDiffers: boolean }
  | { code: 'record_names_other_manifest'; named: string | null }
  | {
      code: 'record_ok';
      level: string | null;
      signer: string | null;
      signedAt: string | null;
      namesManifest: boolean;
    }
  | { code: 'chain_ok'; entries: number }
  | { code: 'chain_broken'; seq: number; reason: ChainBreak };

export interface VerifyCheck {
  ok: boolean;
  finding: VerifyFinding;
}

/**
 * POST /api/audit/calls/:callId/verify. A check is null when there is
 * nothing of its kind to verify (no recording, no record). `ok` is the AND of
 * the checks present, and null when neither a recording nor a record exists:
 * then nothing of the call was verified.
 */
export interface AuditVerifyResult {
  ok: boolean | null;
  files: (VerifyCheck & { mismatches: { file: string; problem: 'missing' | 'hash_mismatch' }[] }) | null;
  record: VerifyCheck | null;
  chain: VerifyCheck & { firstBroken: number | null };
}

/** POST /api/audit/calls/:callId/decision body. */
export const auditDecisionSchema = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    comment: z.string().trim().max(1000, 'code:too_long').default(''),
    /** The outcome the page showed: stored with the decision. */
    seenOutcome: callOutcomeSchema.optional(),
    /** The auditor confirmed approving a high-risk call with problems (callHasProblems). */
    problemsConfirmed: z.boolean().default(false),
  })
  // A rejection must say why; the comment is what the teller's manager acts on.
  .refine((d) => d.decision === 'approved' || d.comment.length > 0, {
    message: 'code:comment_required',
    path: ['comment'],
  });
export type AuditDecisionInput = z.input<typeof auditDecisionSchema>;

/** Why the audit chain is broken where it is first broken. */
export type ChainBreak =
  /** An entry is missing at this seq (deleted, or rows moved). */
  | 'seq_gap'
  /** This seq came again or went backwards (a row inserted or reordered). */
  | 'seq_out_of_order'
  /** The entry's content does not give its stored hash (edited). */
  | 'hash_mismatch'
  /** The entry does not point at the one before it (inserted, deleted or reordered). */
  | 'prev_hash_mismatch'
  /** An anchored head is not in the chain as it was (the tail was cut or rewritten). */
  | 'anchor_mismatch'
  /** An anchor's own seal (its MAC, or its TSA token) does not hold. */
  | 'anchor_invalid'
  /** The chain holds only entries from before the audit key, which no keyed entry seals yet. */
  | 'legacy_unsealed';

/** GET /api/audit/verify (and the audit:verify CLI): the audit chain as walked. */
export interface ChainVerdict {
  ok: boolean;
  /** Entries read. */
  entries: number;
  /** The last entry, for the auditor to keep as a later anchor. */
  head: { seq: number; hash: string } | null;
  /** Anchors (heads kept outside the database, and the caller's) checked along the way. */
  anchors: number;
  /** Leading entries from before the audit key, sealed only by their unkeyed SHA-256 and the keyed entry after them. */
  legacyEntries: number;
  /** The first place the chain breaks; `seq` is the seq that should be there. */
  firstBroken?: { seq: number; reason: ChainBreak; message: string };
}
