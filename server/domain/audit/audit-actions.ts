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
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
