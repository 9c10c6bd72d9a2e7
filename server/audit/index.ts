// What other features may use of this one.
export { auditCallEvents } from './audit-call-events.js';
export { auditCallRoutes } from './audit-call-http.js';
export { createAuditChain } from './audit-chain-setup.js';
export type { AuditChain } from './audit-chain-setup.js';
export type { CallEventAudit } from './audit-call-events.js';
export { auditRoutes } from './audit-http.js';
export { createAuditing } from './audit-setup.js';
export type { Auditing } from './audit-setup.js';
export { AuditStore } from './audit-store.js';
export { AuditTrail, SYSTEM_ACTOR, actorOf } from './audit-trail.js';
export { BackgroundAudit } from './background-audit.js';
export type { AuditEntry } from './rules/audit-entry.js';
export type { ChainVerifier } from './chain-verifier.js';
export { TellerActionAudit } from './teller-action-audit.js';
