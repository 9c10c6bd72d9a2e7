import crypto from 'node:crypto';
import type { StaffUser } from '../../shared/contracts/auth.js';
import { AppError } from '../platform/errors.js';
import { passwordProblem } from './policy/password-policy.js';
import {
  mayTakeStep,
  stageAfterPassword,
  stageAfterPasswordChange,
  type SignInFacts,
  type SignInStage,
} from './policy/sign-in-stages.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { AttemptLimit } from '../platform/attempt-limit.js';
import type { Enrolment, SecondFactor, SecondFactorUse } from './second-factor.js';
import type { StaffSessions } from './staff-sessions.js';
import type { StoredAccount, StoredUser, UserStore } from './user-store.js';

/** Where signing in stands after a step: the session (its id for the cookie only) and what comes next. */
export interface SignInResult {
  user: StaffUser;
  stage: SignInStage;
  sessionId: string;
}

export interface StaffAuthDeps {
  users: UserStore;
  sessions: StaffSessions;
  secondFactor: SecondFactor;
  /** `lockAfter`: consecutive wrong passwords that lock an account until an administrator unlocks it. */
  limits: { perUser: AttemptLimit; perAddress: AttemptLimit; lockAfter: number };
  /** Outside production the demo accounts skip the one-time password and the second factor. */
  exempt: (username: string) => boolean;
  clock: () => number;
}

const staffUserOf = (stored: StoredUser): StaffUser => ({
  id: stored.id,
  username: stored.username,
  displayName: stored.displayName,
  role: stored.role,
});

/**
 * Signing staff in, step by step: the password (a one-time one must be
 * replaced first), then the second factor where one is due. Each step
 * replaces the session by a new one at the next stage; only a session at
 * `signed_in` is anyone to the rest of the server (`authenticate`).
 */
export class StaffAuth {
  // Verifying against a real hash when the user is unknown keeps the response
  // time the same, so usernames cannot be probed by timing.
  #unknownUserHash: Promise<string> | undefined;

  constructor(private readonly deps: StaffAuthDeps) {}

  /**
   * Checks the password; rate-limited per username and, more loosely (branches
   * share addresses behind NAT), per client address.
   */
  async login(username: string, password: string, clientKey: string): Promise<SignInResult> {
    await this.#limit([
      [this.deps.limits.perAddress, clientKey],
      [this.deps.limits.perUser, username],
    ]);
    const stored = await this.deps.users.findByUsername(username);
    const ok = await verifyPassword(stored?.passwordHash ?? (await this.#unknownHash()), password);
    if (stored && !ok)
      await this.deps.users.recordFailedLogin(stored.id, this.deps.limits.lockAfter, this.deps.clock());
    if (!stored || !ok) throw new AppError('unauthorized', 'wrong username or password');
    // Only one who knows the password learns that the account is disabled or locked.
    if (!(await this.deps.users.isActive(stored.id)))
      throw new AppError('unauthorized', 'this account is disabled');
    if (stored.lockedAt !== null) {
      throw new AppError('account_locked', 'this account is locked after too many wrong passwords');
    }
    if (stored.failedLogins > 0) await this.deps.users.clearFailedLogins(stored.id);
    return this.#step(stored, stageAfterPassword(await this.#facts(stored)));
  }

  /** The signed-in staff user behind a session id, or undefined; `touch` counts the check as use. */
  async authenticate(sessionId: unknown, touch = true): Promise<StaffUser | undefined> {
    const session = await this.deps.sessions.check(sessionId, touch);
    if (session?.stage !== 'signed_in') return undefined;
    const stored = await this.deps.users.findById(session.userId);
    return stored && staffUserOf(stored);
  }

  /** Whose a session is, at whatever stage of signing in; for the audit of a failed step. */
  async sessionOwner(sessionId: unknown): Promise<StaffUser | undefined> {
    const session = await this.deps.sessions.check(sessionId, false);
    const stored = session && (await this.deps.users.findById(session.userId));
    return stored && staffUserOf(stored);
  }

  /**
   * Sets a new password: the one step of a session signed in with a one-time
   * password, or a signed-in person's own change (who then gives the current
   * one). Every session of the person ends; the answer is a new one.
   */
  async changePassword(
    sessionId: unknown,
    passwords: { currentPassword?: string | undefined; newPassword: string },
  ): Promise<SignInResult> {
    const session = await this.deps.sessions.check(sessionId, true);
    const stored = session && (await this.deps.users.findById(session.userId));
    if (
      !session ||
      !stored ||
      (session.stage !== 'signed_in' && !mayTakeStep(session.stage, 'change_password'))
    ) {
      throw new AppError('unauthorized', 'not signed in');
    }
    // Each attempt costs an argon2 hash or a strength estimate: limited like signing in.
    await this.#limit([[this.deps.limits.perUser, stored.username]]);
    if (session.stage === 'signed_in') {
      const current = passwords.currentPassword ?? '';
      if (!(await verifyPassword(stored.passwordHash, current))) {
        throw new AppError('password_wrong', 'the current password is wrong');
      }
    }
    const { newPassword } = passwords;
    const problem =
      passwordProblem(newPassword, [stored.username, stored.displayName]) ??
      ((await verifyPassword(stored.passwordHash, newPassword)) ? 'unchanged' : undefined);
    if (problem) {
      throw new AppError('password_rejected', `the new password is refused: ${problem}`, [
        { path: 'newPassword', code: problem, message: problem },
      ]);
    }
    await this.deps.users.setPassword(stored.id, await hashPassword(newPassword), false);
    await this.deps.sessions.revokeAllFor(stored.id, 'password_changed');
    const changed = { ...stored, mustChangePassword: false };
    return this.#step(changed, stageAfterPasswordChange(await this.#facts(changed)));
  }

  /** A new authenticator key for a session whose second factor must be enrolled. */
  async startEnrolment(sessionId: unknown): Promise<Enrolment> {
    const { stored } = await this.#pending(sessionId, 'enrol_second_factor');
    return this.deps.secondFactor.startEnrolment(stored.id, stored.username);
  }

  /** Confirms the new key with a code from it: signed in, with the recovery codes to keep. */
  async confirmEnrolment(
    sessionId: unknown,
    code: string,
  ): Promise<SignInResult & { recoveryCodes: string[] }> {
    const { id, stored } = await this.#pending(sessionId, 'enrol_second_factor');
    await this.#limit([[this.deps.limits.perUser, `second-factor:${stored.id}`]]);
    const recoveryCodes = await this.deps.secondFactor.confirmEnrolment(stored.id, code);
    if (!recoveryCodes) throw new AppError('second_factor_wrong', 'the code does not match the new key');
    await this.deps.sessions.revoke(id, 'advanced');
    return { ...(await this.#step(stored, 'signed_in')), recoveryCodes };
  }

  /** The second factor of a sign-in: an authenticator code, or one of the recovery codes. */
  async giveSecondFactor(
    sessionId: unknown,
    code: string,
  ): Promise<SignInResult & { used: SecondFactorUse }> {
    const { id, stored } = await this.#pending(sessionId, 'second_factor');
    await this.#limit([[this.deps.limits.perUser, `second-factor:${stored.id}`]]);
    const used = await this.deps.secondFactor.verify(stored.id, code);
    if (!used) throw new AppError('second_factor_wrong', 'wrong or already used code');
    await this.deps.sessions.revoke(id, 'advanced');
    return { ...(await this.#step(stored, 'signed_in')), used };
  }

  /** Ends a session (sign-out); answers whose it was, if anyone's. */
  async logout(sessionId: unknown): Promise<StaffUser | undefined> {
    const session = await this.deps.sessions.check(sessionId, false);
    if (!session || typeof sessionId !== 'string') return undefined;
    await this.deps.sessions.revoke(sessionId, 'logout');
    const stored = await this.deps.users.findById(session.userId);
    return stored && staffUserOf(stored);
  }

  /**
   * Forgets a person's second factor (a lost phone) and ends their sessions:
   * the next sign-in enrols a new one. For the administrator's console.
   */
  async resetSecondFactor(userId: string): Promise<void> {
    await this.deps.secondFactor.reset(userId);
    await this.deps.sessions.revokeAllFor(userId, 'second_factor_reset');
  }

  async #step(stored: StoredUser, stage: SignInStage): Promise<SignInResult> {
    return { user: staffUserOf(stored), stage, sessionId: await this.deps.sessions.open(stored.id, stage) };
  }

  async #pending(
    sessionId: unknown,
    step: Exclude<SignInStage, 'signed_in'>,
  ): Promise<{ id: string; stored: StoredUser }> {
    const session = await this.deps.sessions.check(sessionId, true);
    const stored =
      session && mayTakeStep(session.stage, step) && (await this.deps.users.findById(session.userId));
    if (!stored) throw new AppError('unauthorized', 'this sign-in has ended; start again');
    return { id: sessionId as string, stored };
  }

  async #facts(stored: StoredAccount): Promise<SignInFacts> {
    const factor = await this.deps.secondFactor.status(stored.id);
    return {
      role: stored.role,
      mustChangePassword: stored.mustChangePassword === true,
      // A teller's second factor is the administrator's setting (the console edits users.mfa_required).
      secondFactorRequired: stored.mfaRequired,
      secondFactorEnrolled: factor.enrolled,
      exempt: this.deps.exempt(stored.username),
    };
  }

  async #limit(keys: [AttemptLimit, string][]): Promise<void> {
    const waits = await Promise.all(keys.map(([limiter, key]) => limiter.take(key)));
    const waitMs = Math.max(...waits);
    if (waitMs > 0) {
      throw new AppError('rate_limited', `too many attempts; try again in ${Math.ceil(waitMs / 1000)} s`);
    }
  }

  #unknownHash(): Promise<string> {
    this.#unknownUserHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    return this.#unknownUserHash;
  }
}
