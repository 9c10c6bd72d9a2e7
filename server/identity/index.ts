// What other features may use of this one.
export { DEMO_ACCOUNTS, seedDemoAccounts } from './demo-accounts.js';
export { identityRoutes } from './identity-http.js';
export { principalChannel, socketPrincipal, staffChannel, ticketChannel } from './principal.js';
export type { Principal } from './principal.js';
export { RateLimiter } from './rate-limiter.js';
export { StaffAuth } from './staff-auth.js';
export { requireStaff, staffOf } from './staff-guard.js';
export { TokenSigner } from './tokens.js';
export { UserStore } from './user-store.js';
