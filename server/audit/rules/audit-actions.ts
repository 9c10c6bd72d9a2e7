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
  // Staff sessions and sign-in steps.
  'staff.logout',
  'staff.password_changed',
  'staff.second_factor_enrolled',
  'staff.second_factor_failed',
  'staff.recovery_code_used',
  // Staff administration (server/identity/admin): who changed which account, and how.
  'staff.created',
  'staff.edited',
  'staff.disabled',
  'staff.enabled',
  'staff.password_reset',
  'staff.unlocked',
  'staff.second_factor_reset',
  // The institution's API keys: issued, revoked, and each use (or a revoked key's attempt).
  'api_key.issued',
  'api_key.revoked',
  'api_key.used',
  'api_key.refused',
  // Sign-ins refused by the rate limit: one entry per address and minute, with their count.
  'staff.login_rate_limited',
  // A call's recording finished: its manifest's hash, fixed in the chain.
  'recording.finished',
  // Staff saw a customer's ID photo (the face reference); a teller gave one, or a document.
  'face.reference_viewed',
  'face.reference_uploaded',
  'document.uploaded',
  // An auditor or supervisor looked a customer up by name or ID number.
  'audit.customer_searched',
  // The in-call chat: a staff member's message or file (ids and hashes only), a chat file served to staff.
  'chat.sent',
  'chat.file_sent',
  'chat.file_accessed',
  'chat.file_access_denied',
  // A supervisor listening in on a call, whispering to its teller, barging in, leaving it.
  'monitor.listen',
  'monitor.whisper',
  'monitor.barge',
  'monitor.left',
  // The first keyed entry after entries written before the audit key: it seals them.
  'audit.chain_keyed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
