import type { Config } from '../platform/config.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { DEMO_ACCOUNTS } from './demo-accounts.js';
import { MfaStore } from './mfa-store.js';
import { AttemptLimit, type LimitStore } from '../platform/attempt-limit.js';
import { SecondFactor } from './second-factor.js';
import { SessionStore } from './session-store.js';
import { StaffAuth } from './staff-auth.js';
import { StaffSessions } from './staff-sessions.js';
import type { UserStore } from './user-store.js';

/** An address may try this many times the per-user login limit (a branch office behind one NAT). */
const LOGINS_PER_ADDRESS_FACTOR = 5;

/** What the composition holds of staff sign-in. */
export interface StaffIdentity {
  /** `revokeAllFor(userId, reason)` when an account is disabled or its password reset. */
  sessions: StaffSessions;
  /** Sign-in steps; `resetSecondFactor(userId)` for the administrator's console. */
  staffAuth: StaffAuth;
  /** The authenticator keys and recovery codes (whether one is required is the account's setting). */
  secondFactor: SecondFactor;
  /** Forgets long-ended sessions; run every minute or so (the sign-in limits forget by themselves). */
  sweep(): Promise<void>;
}

export function createStaffIdentity(deps: {
  db: Kysely<Schema>;
  config: Pick<
    Config,
    'env' | 'loginAttemptsPerMinute' | 'lockAfterFailedLogins' | 'sessionTtlMs' | 'sessionIdleMs'
  >;
  users: UserStore;
  sessionKey: Buffer;
  clock: () => number;
  /** Where the sign-in limits count: shared by every node when there are several. */
  limitStore?: LimitStore;
}): StaffIdentity {
  const { db, config, users, sessionKey, clock, limitStore } = deps;
  const sessions = new StaffSessions({
    store: new SessionStore(db),
    users,
    key: sessionKey,
    limits: { idleMs: config.sessionIdleMs, lifetimeMs: config.sessionTtlMs },
    clock,
  });
  const secondFactor = new SecondFactor({ store: new MfaStore(db), key: sessionKey, clock });
  const limits = {
    perUser: new AttemptLimit(config.loginAttemptsPerMinute, 60, 'login-user', limitStore),
    perAddress: new AttemptLimit(
      config.loginAttemptsPerMinute * LOGINS_PER_ADDRESS_FACTOR,
      60,
      'login-address',
      limitStore,
    ),
    lockAfter: config.lockAfterFailedLogins,
  };
  const demoUsernames = new Set(DEMO_ACCOUNTS.map((account) => account.username));
  const staffAuth = new StaffAuth({
    users,
    sessions,
    secondFactor,
    limits,
    // Only outside production, where the demo accounts exist at all.
    exempt: (username) => config.env !== 'production' && demoUsernames.has(username),
    clock,
  });
  return {
    sessions,
    staffAuth,
    secondFactor,
    sweep: () => sessions.forgetEnded(),
  };
}
