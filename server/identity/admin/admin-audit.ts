import type { ApiKeyScope } from '../../../shared/contracts/admin.js';
import type { StaffRole } from '../../../shared/contracts/auth.js';
import type { AuditEntry, AuditTrail } from '../../audit/index.js';

type Actor = Parameters<AuditTrail['write']>[0];

/** The details each administration entry carries: enough for an auditor to tell what changed. */
export interface AdminAuditDetails {
  'staff.created': { username: string; role: StaffRole; displayName: string; via: 'console' | 'cli' };
  /** Only the fields the edit named, each with its new value. */
  'staff.edited': {
    username: string;
    changes: {
      displayName?: string;
      role?: StaffRole;
      mfaRequired?: boolean;
      teller?: { services: string[]; languages: string[] };
    };
  };
  'staff.disabled': { username: string };
  'staff.enabled': { username: string };
  'staff.password_reset': { username: string };
  'staff.unlocked': { username: string; failedLogins: number };
  'staff.second_factor_reset': { username: string };
  'api_key.issued': { name: string; scopes: ApiKeyScope[] };
  'api_key.revoked': { name: string };
  /** `use` is the request: method and path. */
  'api_key.used': { name: string; use: string };
  'api_key.refused': { name: string; use: string; reason: 'revoked' };
}

export type AdminAuditAction = keyof AdminAuditDetails;

/** Writes an administration entry to the audit chain with details of the action's own shape. */
export const writeAdminAudit = <A extends AdminAuditAction>(
  audit: AuditTrail,
  actor: Actor,
  action: A,
  target: string,
  details: AdminAuditDetails[A],
): Promise<AuditEntry> => audit.write(actor, action, target, details);
