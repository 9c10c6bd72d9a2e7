// What other features may use of this one.
export { Callers } from './callers.js';
export type { Credentials, StaffPrincipal } from './callers.js';
export { DEMO_ACCOUNTS, seedDemoAccounts } from './demo-accounts.js';
export { identityRoutes } from './identity-http.js';
export {
  asCustomer,
  asStaff,
  callParties,
  can,
  mayAsk,
  mayReadCall,
  maySend,
  requireCallPermission,
  requireCaller,
  requirePermission,
} from './policy/access.js';
export type { CallParties, CustomerPrincipal } from './policy/access.js';
export type { CallPermission, Permission } from './policy/permissions.js';
export { principalChannel, staffChannel, ticketChannel } from './principal.js';
export type { Principal } from './principal.js';
export { RateLimitedLogins } from './rate-limited-logins.js';
export { StaffAuth } from './staff-auth.js';
export type { SignInResult } from './staff-auth.js';
export { StaffSessions } from './staff-sessions.js';
export { SecondFactor } from './second-factor.js';
export { createStaffIdentity } from './staff-identity.js';
export type { StaffIdentity } from './staff-identity.js';
export { passwordProblem, MIN_PASSWORD_LENGTH } from './policy/password-policy.js';
export { hashPassword } from './passwords.js';
export { TokenSigner } from './tokens.js';
export { UserStore } from './user-store.js';
export { adminRoutes } from './admin/admin-http.js';
export { ApiKeyStore } from './admin/api-key-store.js';
export { ApiKeys } from './admin/api-keys.js';
export { StaffAdmin } from './admin/staff-admin.js';
export type { ApiKeyPrincipal, Caller } from './principal.js';
