import type { ErrorCode } from '../../../shared/contracts/errors.js';

/** The one table of HTTP statuses for the stable error codes. */
const STATUS_OF: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  rate_limited: 429,
  timeout: 504,
  media_error: 502,
  internal: 500,
  completion_refused: 409,
  signature_rejected: 422,
  document_rejected: 415,
  image_type: 415,
  image_too_large: 413,
  image_unreadable: 422,
  face_none: 422,
  face_multiple: 422,
  face_engine_failed: 503,
  face_attempts_exhausted: 429,
  record_unreadable: 400,
  face_reference_missing: 409,
  face_frame_refused: 409,
  recording_purged: 410,
  range_not_satisfiable: 416,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_timeout: 408,
  image_dimensions: 413,
};

export const statusOf = (code: ErrorCode): number => STATUS_OF[code];
