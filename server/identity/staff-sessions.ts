import crypto from 'node:crypto';
import type { SignInStage } from './policy/sign-in-stages.js';
import type { SessionStore } from './session-store.js';
import type { UserStore } from './user-store.js';

export interface SessionLimits {
  /** A signed-in session unused this long ends. */
  idleMs: number;
  /** A signed-in session ends this long after it began, however busy. */
  lifetimeMs: number;
}

export interface OpenSession {
  userId: string;
  stage: SignInStage;
}

/** A session half-way through signing in has this long to take its next step. */
const PENDING_STAGE_MS = 10 * 60_000;
/** Use within this long of the last recorded one is not written again: a write per request buys nothing. */
const TOUCH_EVERY_MS = 15_000;
/** Session ids are 32 random bytes, base64url: anything much longer is not one, and is not hashed. */
const MAX_ID_LENGTH = 64;

/**
 * Server-side staff sessions. The browser holds an opaque random id (in an
 * HttpOnly cookie); the store holds only its HMAC under the session key, so
 * a copy of the database opens no session. A session ends on sign-out, on
 * `revokeAllFor` (password change, disabled account, second-factor reset),
 * when idle too long, and at the end of its lifetime; whoever holds sockets
 * opened with it hears of it through `onEnded`.
 */
export class StaffSessions {
  readonly #ended = new Set<(userId: string) => void>();

  constructor(
    private readonly deps: {
      store: SessionStore;
      users: Pick<UserStore, 'isActive'>;
      key: Buffer;
      limits: SessionLimits;
      clock: () => number;
    },
  ) {}

  /** Opens a session at `stage`; answers its id, for the cookie and nowhere else. */
  async open(userId: string, stage: SignInStage): Promise<string> {
    const id = crypto.randomBytes(32).toString('base64url');
    const now = this.deps.clock();
    const lasts = stage === 'signed_in' ? this.deps.limits.lifetimeMs : PENDING_STAGE_MS;
    await this.deps.store.insert(this.#hmac(id), userId, stage, now, now + lasts);
    return id;
  }

  /**
   * The open session behind `id`, or undefined when there is none, it was
   * revoked, it expired, it sat idle too long, or its account is not active.
   * `touch` counts this as use (a request), which a periodic check is not.
   */
  async check(id: unknown, touch: boolean): Promise<OpenSession | undefined> {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return undefined;
    const hmac = this.#hmac(id);
    const row = await this.deps.store.find(hmac);
    const now = this.deps.clock();
    if (!row || row.revokedAt !== null || now >= row.expiresAt) return undefined;
    if (row.stage === 'signed_in' && now - row.lastSeenAt >= this.deps.limits.idleMs) return undefined;
    if (!(await this.deps.users.isActive(row.userId))) return undefined;
    if (touch && now - row.lastSeenAt >= TOUCH_EVERY_MS) await this.deps.store.touch(hmac, now);
    return { userId: row.userId, stage: row.stage };
  }

  /** Ends one session (sign-out, or a step that replaces it). */
  async revoke(id: string, reason: string): Promise<void> {
    if (id.length > MAX_ID_LENGTH) return;
    const hmac = this.#hmac(id);
    const row = await this.deps.store.find(hmac);
    await this.deps.store.revoke(hmac, reason, this.deps.clock());
    if (row) this.#announce(row.userId);
  }

  /**
   * Ends every session of a user: password changed, account disabled, second
   * factor reset. Their sockets are disconnected by whoever listens to `onEnded`.
   */
  async revokeAllFor(userId: string, reason: string): Promise<number> {
    const revoked = await this.deps.store.revokeAllFor(userId, reason, this.deps.clock());
    this.#announce(userId);
    return revoked;
  }

  /** Replaces a session by a new one at `stage`: each step of signing in gets a fresh id. */
  async advance(id: string, userId: string, stage: SignInStage): Promise<string> {
    await this.revoke(id, 'advanced');
    return this.open(userId, stage);
  }

  /** Calls `listener` with the user whenever sessions were revoked, so their sockets can be checked at once. */
  onEnded(listener: (userId: string) => void): void {
    this.#ended.add(listener);
  }

  /** Drops rows of sessions that ended a day ago or more. */
  async forgetEnded(): Promise<void> {
    await this.deps.store.deleteEndedBefore(this.deps.clock() - 24 * 3_600_000);
  }

  #announce(userId: string): void {
    for (const listener of this.#ended) listener(userId);
  }

  #hmac(id: string): string {
    return crypto.createHmac('sha256', this.deps.key).update(id).digest('base64url');
  }
}
