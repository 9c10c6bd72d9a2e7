import { z } from 'zod';
import type { Label } from '../catalog/fields.js';

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
  role: 'customer' | 'teller';
  displayName: string;
  kind: 'audio' | 'video';
  segments: PlaybackSegment[];
}

export interface AuditTimelineEvent {
  offsetMs: number;
  type: string;
  actor: string;
  /** Short human text for the marker's tooltip and the event list, in both languages. */
  label: Label;
}

export interface AuditDecisionView {
  decision: 'approved' | 'rejected';
  comment: string;
  by: string;
  at: number;
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

export interface VerifyCheck {
  ok: boolean;
  /** What was checked and what was found, in English. */
  detail: string;
}

/** POST /api/audit/calls/:callId/verify. `ok` is the AND of every check present. */
export interface AuditVerifyResult {
  ok: boolean;
  files: VerifyCheck & { mismatches: { file: string; problem: 'missing' | 'hash_mismatch' }[] };
  /** Null when the call has no record. */
  record: VerifyCheck | null;
  chain: VerifyCheck & { firstBroken: number | null };
}

/** POST /api/audit/calls/:callId/decision body. */
export const auditDecisionSchema = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    comment: z.string().trim().max(1000, 'code:too_long').default(''),
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
