/**
 * Stable names of the staff actions written to the audit chain. Auditors search
 * by them, so a released name is never changed; new actions are added.
 */
export const AUDIT_ACTIONS = [
  'staff.login',
  'staff.login_failed',
  'call.accepted',
  'transfer.requested',
  'transfer.completed',
  'vip.added',
  'vip.removed',
  'audit.verified',
  // A teller's acts in a call's guided service and face check (from the call's events).
  'service.step_pushed',
  'service.step_confirmed',
  'service.correction_requested',
  'service.signature_requested',
  'service.completed',
  'service.withdrawn',
  'face.check_started',
  'face.review_decided',
  'transfer.cancelled',
  'record.downloaded',
  'record.access_denied',
  // Recording files served, or refused, to staff.
  'recording.accessed',
  'recording.access_denied',
  // The auditor's work on a call.
  'audit.call_opened',
  'audit.call_verified',
  'audit.decided',
  // Retention deleted a call's recording files.
  'recording.purged',
  // A call's recording finished: its manifest's hash, fixed in the chain.
  'recording.finished',
  // Staff saw a customer's ID photo (the face reference); a teller gave one, or a document.
  'face.reference_viewed',
  'face.reference_uploaded',
  'document.uploaded',
  // An auditor or supervisor looked a customer up by name or ID number.
  'audit.customer_searched',
  'staff.logout',
  // The first keyed entry after entries written before the audit key: it seals them.
  'audit.chain_keyed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
