import { z } from 'zod';

/** Stable error codes: clients branch on these, never on messages. */
export const ERROR_CODES = [
  'invalid_payload',
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid_state',
  'rate_limited',
  'conflict',
  'media_error',
  'timeout',
  'internal',
  'completion_refused',
  // A high-risk service's summary is shown for signing only once its face check has passed.
  'signature_refused',
  'signature_rejected',
  'document_rejected',
  // Face check: an uploaded or captured image and what was found in it.
  'image_type',
  'image_too_large',
  'image_unreadable',
  'face_none',
  // No face, and why: the teller can ask for a larger or a lighter photo.
  'face_too_small',
  'face_too_dark',
  'face_multiple',
  'face_engine_failed',
  'face_attempts_exhausted',
  // A PDF handed to the record verifier that cannot be read as one.
  'record_unreadable',
  'face_reference_missing',
  // A customer's photo where staff have provided the reference: it would replace theirs.
  'face_reference_locked',
  // A reference whose descriptor an older face model made and whose photo no longer enrols: upload it again.
  'face_reference_outdated',
  'face_frame_refused',
  // Recording files: deleted by retention (410), or a byte range outside the file (416).
  'recording_purged',
  'range_not_satisfiable',
  // A browser request or socket handshake from an origin not in SKYTELLER_ALLOWED_ORIGINS.
  'cross_origin',
  // Staff sign-in: a wrong current password, a new one the policy refuses, a wrong second-factor code.
  'password_wrong',
  'password_rejected',
  'second_factor_wrong',
  // Staff sign-in: the right password for an account locked after too many wrong ones (423).
  'account_locked',
  // Abuse limits: a body over its route's limit, a body the server cannot read (type, charset,
  // encoding), one that took too long to arrive, and an image whose header declares too many pixels.
  'payload_too_large',
  'unsupported_media_type',
  'request_timeout',
  'image_dimensions',
  // In-call chat: a file that is not a PDF, JPEG or PNG by its bytes, or over SKYTELLER_CHAT_FILE_MAX_MB.
  'chat_file_type',
  'chat_file_too_large',
  // Location gate (SKYTELLER_ALLOWED_COUNTRIES): a high-risk service where the customer's address is
  // not in an allowed country, or whose customer page never reported its location.
  'country_not_allowed',
  'location_required',
  // Queue leader (issue 16): a decision taken under a leader epoch that is no longer current; the
  // node lost the leadership before it noticed, and the store refused the write.
  'stale_leader_epoch',
  // Monitoring a call another node holds: that node, or the media link to it, did not answer.
  'call_node_unreachable',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const fieldIssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  issues: z.array(fieldIssueSchema).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** What every socket ack and every failed REST call carries. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Turns zod issues into field issues whose codes are stable strings. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.message.startsWith('code:') ? issue.message.slice(5) : issue.code,
    message: issue.message,
  }));
}
