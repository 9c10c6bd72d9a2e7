import crypto from 'node:crypto';
import type {
  CreateStaffAccount,
  EditStaffAccount,
  OneTimePasswordReply,
  StaffAccountView,
} from '../../../shared/contracts/admin.js';
import type { StaffUser } from '../../../shared/contracts/auth.js';
import { actorOf, type AuditTrail } from '../../audit/index.js';
import { AppError } from '../../platform/errors.js';
import type { TellerStore } from '../../queue/index.js';
import { hashPassword } from '../passwords.js';
import type { StoredAccount, UserStore } from '../user-store.js';
import { writeAdminAudit } from './admin-audit.js';
import { oneTimePassword } from './rules/one-time-password.js';

/** Who acts: a signed-in administrator, or the operator at the server's shell (`npm run staff`). */
export type AdminActor = StaffUser | { cli: true };

const actorOfAdmin = (by: AdminActor) => ('cli' in by ? { userId: null, username: 'cli' } : actorOf(by));

/**
 * Staff accounts as an administrator manages them. Every change goes to the
 * audit chain. `endSessions` runs when an account is disabled, its password
 * reset or its role changed: it ends the person's sessions and disconnects their sockets; `onTellerProfileChanged`
 * when a teller's services or languages changed, so the queue routes by them
 * at once (both wired in the composition).
 */
export class StaffAdmin {
  constructor(
    private readonly deps: {
      users: UserStore;
      tellers: TellerStore;
      audit: AuditTrail;
      clock: () => number;
      endSessions: (userId: string) => Promise<unknown>;
      /** Forgets the person's second factor and ends their sessions (StaffAuth.resetSecondFactor). */
      resetSecondFactor: (userId: string) => Promise<void>;
      onTellerProfileChanged: (userId: string) => Promise<void> | void;
      /** A uniform integer in [0, n); crypto.randomInt unless a test fixes it. */
      randomIndex?: (n: number) => number;
    },
  ) {}

  async list(): Promise<StaffAccountView[]> {
    return Promise.all((await this.deps.users.all()).map((user) => this.#view(user)));
  }

  async create(by: AdminActor, request: CreateStaffAccount): Promise<OneTimePasswordReply> {
    const { users, tellers } = this.deps;
    if (await users.findByUsername(request.username)) {
      throw new AppError('conflict', `the username ${request.username} is taken`);
    }
    const password = this.#oneTimePassword();
    const id = crypto.randomUUID();
    await users.insert(
      {
        id,
        username: request.username,
        displayName: request.displayName,
        role: request.role,
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
        mfaRequired: request.role === 'teller' && (request.mfaRequired ?? false),
      },
      this.deps.clock(),
    );
    if (request.role === 'teller') {
      await tellers.setProfile(id, toProfile(request.teller ?? { services: [], languages: ['cmn'] }));
    }
    await writeAdminAudit(this.deps.audit, actorOfAdmin(by), 'staff.created', id, {
      username: request.username,
      role: request.role,
      displayName: request.displayName,
      via: 'cli' in by ? 'cli' : 'console',
    });
    return { account: await this.#view((await users.findById(id))!), oneTimePassword: password };
  }

  async edit(by: StaffUser, userId: string, changes: EditStaffAccount): Promise<StaffAccountView> {
    const { users, tellers } = this.deps;
    const account = await this.#account(userId);
    if (changes.role !== undefined && changes.role !== account.role && userId === by.id) {
      throw new AppError('invalid_state', 'an administrator cannot change their own role');
    }
    const role = changes.role ?? account.role;
    if (role !== 'teller' && (changes.teller || changes.mfaRequired !== undefined)) {
      throw new AppError(
        'invalid_payload',
        'services, languages and the second-factor choice are for tellers',
      );
    }
    await users.update(userId, {
      displayName: changes.displayName,
      role: changes.role,
      mfaRequired: changes.mfaRequired,
    });
    if (changes.teller) await tellers.setProfile(userId, toProfile(changes.teller));
    else if (role === 'teller' && !(await tellers.hasProfile(userId))) {
      await tellers.setProfile(userId, { skills: [], languages: ['cmn'] });
    }
    if (changes.teller) await this.deps.onTellerProfileChanged(userId);
    // What a page may do is settled when it connects: a new role starts from a new sign-in.
    if (role !== account.role) await this.deps.endSessions(userId);
    await writeAdminAudit(this.deps.audit, actorOf(by), 'staff.edited', userId, {
      username: account.username,
      changes: JSON.parse(JSON.stringify(changes)) as EditStaffAccount,
    });
    return await this.#view((await users.findById(userId))!);
  }

  async disable(by: StaffUser, userId: string): Promise<StaffAccountView> {
    const account = await this.#account(userId);
    if (userId === by.id) throw new AppError('invalid_state', 'an administrator cannot disable themselves');
    if (account.disabledAt !== null) return this.#view(account);
    await this.deps.users.setDisabled(userId, this.deps.clock());
    await writeAdminAudit(this.deps.audit, actorOf(by), 'staff.disabled', userId, {
      username: account.username,
    });
    // After the store says disabled, so a session checked from here on is refused.
    await this.deps.endSessions(userId);
    return await this.#view((await this.deps.users.findById(userId))!);
  }

  async enable(by: StaffUser, userId: string): Promise<StaffAccountView> {
    const account = await this.#account(userId);
    if (account.disabledAt === null) return this.#view(account);
    await this.deps.users.setDisabled(userId, null);
    await writeAdminAudit(this.deps.audit, actorOf(by), 'staff.enabled', userId, {
      username: account.username,
    });
    return await this.#view((await this.deps.users.findById(userId))!);
  }

  /** A new one-time password, shown once; the old password and the sessions it opened end at once. */
  async resetPassword(by: StaffUser, userId: string): Promise<OneTimePasswordReply> {
    const account = await this.#account(userId);
    const password = this.#oneTimePassword();
    await this.deps.users.setPassword(userId, await hashPassword(password), true);
    await writeAdminAudit(this.deps.audit, actorOf(by), 'staff.password_reset', userId, {
      username: account.username,
    });
    // Whoever knew the old password is signed out with it.
    await this.deps.endSessions(userId);
    return {
      account: await this.#view((await this.deps.users.findById(userId))!),
      oneTimePassword: password,
    };
  }

  async unlock(by: StaffUser, userId: string): Promise<StaffAccountView> {
    const account = await this.#account(userId);
    await this.deps.users.clearFailedLogins(userId);
    await writeAdminAudit(this.deps.audit, actorOf(by), 'staff.unlocked', userId, {
      username: account.username,
      failedLogins: account.failedLogins,
    });
    return await this.#view((await this.deps.users.findById(userId))!);
  }

  /** A lost phone: the next sign-in enrols a new authenticator; open sessions end now. */
  async resetSecondFactor(by: StaffUser, userId: string): Promise<StaffAccountView> {
    const account = await this.#account(userId);
    await this.deps.resetSecondFactor(userId);
    await writeAdminAudit(this.deps.audit, actorOf(by), 'staff.second_factor_reset', userId, {
      username: account.username,
    });
    return await this.#view((await this.deps.users.findById(userId))!);
  }

  async #account(userId: string): Promise<StoredAccount> {
    const account = await this.deps.users.findById(userId);
    if (!account) throw new AppError('not_found', 'no such staff account');
    return account;
  }

  #oneTimePassword(): string {
    return oneTimePassword(this.deps.randomIndex ?? ((n) => crypto.randomInt(n)));
  }

  async #view(user: StoredAccount): Promise<StaffAccountView> {
    const profile = user.role === 'teller' ? await this.deps.tellers.profile(user.id) : undefined;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      createdAt: user.createdAt,
      disabled: user.disabledAt !== null,
      locked: user.lockedAt !== null,
      mustChangePassword: user.mustChangePassword,
      mfaRequired: user.mfaRequired,
      teller: profile ? { services: profile.skills, languages: profile.languages } : null,
    };
  }
}

const toProfile = (teller: { services: string[]; languages: string[] }) => ({
  skills: [...new Set(teller.services)],
  languages: [...new Set(teller.languages)],
});
