import type { StaffUser } from '../../shared/contracts/auth.js';
import { AppError } from '../platform/errors.js';
import type { UserStore } from './user-store.js';
import crypto from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords.js';
import type { AttemptLimit } from '../platform/attempt-limit.js';
import type { TokenSigner } from './tokens.js';

export class StaffAuth {
  // Verifying against a real hash when the user is unknown keeps the response
  // time the same, so usernames cannot be probed by timing.
  #unknownUserHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserStore,
    private readonly tokens: TokenSigner,
    private readonly limits: { perUser: AttemptLimit; perAddress: AttemptLimit },
    private readonly sessionTtlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Checks the password; rate-limited per username and, more loosely (branches
   * share addresses behind NAT), per client address.
   */
  async login(
    username: string,
    password: string,
    clientKey: string,
  ): Promise<{ user: StaffUser; token: string }> {
    const now = this.clock();
    const { perUser, perAddress } = this.limits;
    const waitMs = Math.max(await perAddress.take(clientKey), await perUser.take(username));
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError('rate_limited', `too many login attempts; try again in ${seconds} s`);
    }
    const stored = this.users.findByUsername(username);
    const ok = await verifyPassword(stored?.passwordHash ?? (await this.#unknownHash()), password);
    if (!stored || !ok) throw new AppError('unauthorized', 'wrong username or password');
    const user: StaffUser = {
      id: stored.id,
      username: stored.username,
      displayName: stored.displayName,
      role: stored.role,
    };
    return { user, token: this.tokens.sign({ kind: 'staff', sub: user.id, exp: now + this.sessionTtlMs }) };
  }

  #unknownHash(): Promise<string> {
    this.#unknownUserHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    return this.#unknownUserHash;
  }

  /** The staff user a session token belongs to, or undefined. */
  authenticate(token: unknown): StaffUser | undefined {
    const claims = this.tokens.verify(token, 'staff', this.clock());
    if (!claims) return undefined;
    const stored = this.users.findById(claims.sub);
    return (
      stored && {
        id: stored.id,
        username: stored.username,
        displayName: stored.displayName,
        role: stored.role,
      }
    );
  }
}
