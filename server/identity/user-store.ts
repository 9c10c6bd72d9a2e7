import type { Kysely, Selectable } from 'kysely';
import type { StaffRole, StaffUser } from '../../shared/contracts/auth.js';
import { LOCK_KEYS } from '../platform/database/lock-keys.js';
import type { Schema, UsersTable } from '../platform/database/schema.js';
import { serialised } from '../platform/database/serialised.js';

export interface StoredUser extends StaffUser {
  passwordHash: string;
  /** Set with a one-time password: the next sign-in may only choose a new one. */
  mustChangePassword?: boolean;
}

/** The account's state an administrator sees and changes (server/identity/admin). */
export interface AccountState {
  createdAt: number;
  disabledAt: number | null;
  lockedAt: number | null;
  failedLogins: number;
  mustChangePassword: boolean;
  /** For tellers, whether a second factor is asked of this one (other roles always need one). */
  mfaRequired: boolean;
}

export type StoredAccount = StoredUser & AccountState;

const toUser = (row: Selectable<UsersTable>): StoredAccount => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  disabledAt: row.disabled_at,
  lockedAt: row.locked_at,
  failedLogins: row.failed_logins,
  mustChangePassword: row.must_change_password === 1,
  mfaRequired: row.mfa_required === 1,
});

/**
 * The users table: staff accounts. Usernames match exactly, as the column's
 * plain `=` always did on SQLite (no NOCASE), so both dialects find the same account.
 */
export class UserStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): UserStore {
    return new UserStore(trx);
  }

  async findByUsername(username: string): Promise<StoredAccount | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async findById(id: string): Promise<StoredAccount | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  /** Every account, by username (in code-point order on both dialects: PostgreSQL's collation would differ). */
  async all(): Promise<StoredAccount[]> {
    const rows = await this.db.selectFrom('users').selectAll().execute();
    return rows.map(toUser).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  /** Whether the account may be signed in to: it exists and no administrator disabled it. */
  async isActive(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('users')
      .select('disabled_at')
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined && row.disabled_at === null;
  }

  async insert(
    user: StoredUser & { mustChangePassword?: boolean; mfaRequired?: boolean },
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: user.id,
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        password_hash: user.passwordHash,
        created_at: now,
        must_change_password: Number(user.mustChangePassword ?? false),
        mfa_required: Number(user.mfaRequired ?? false),
      })
      .execute();
  }

  /**
   * Inserts `accounts` if there are no accounts at all, answering whether it did: of
   * nodes starting together on one empty database, one seeds and the others find it done.
   */
  async insertIntoEmpty(accounts: readonly StoredUser[], now: number): Promise<boolean> {
    return serialised(this.db, LOCK_KEYS.staffSeeding, async (trx) => {
      const users = this.in(trx);
      if ((await users.count()) > 0) return false;
      for (const account of accounts) await users.insert(account, now);
      return true;
    });
  }

  /** Changes what an administrator may edit; undefined leaves a field as it is. */
  async update(
    id: string,
    changes: { displayName?: string; role?: StaffRole; mfaRequired?: boolean },
  ): Promise<void> {
    const set = {
      ...(changes.displayName !== undefined && { display_name: changes.displayName }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.mfaRequired !== undefined && { mfa_required: Number(changes.mfaRequired) }),
    };
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('users').set(set).where('id', '=', id).execute();
  }

  /** A new password; `mustChange` when it is a one-time password the person must replace at sign-in. */
  async setPassword(id: string, passwordHash: string, mustChange: boolean): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: Number(mustChange) })
      .where('id', '=', id)
      .execute();
  }

  async setDisabled(id: string, at: number | null): Promise<void> {
    await this.db.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute();
  }

  /** Counts a wrong password; the account locks when the count reaches `lockAfter`. Returns whether it is locked. */
  async recordFailedLogin(id: string, lockAfter: number, now: number): Promise<boolean> {
    // One statement, so two nodes counting wrong passwords at once both count.
    await this.db
      .updateTable('users')
      .set((eb) => ({
        failed_logins: eb('failed_logins', '+', 1),
        locked_at: eb
          .case()
          .when(eb.and([eb('locked_at', 'is', null), eb(eb('failed_logins', '+', 1), '>=', lockAfter)]))
          .then(now)
          .else(eb.ref('locked_at'))
          .end(),
      }))
      .where('id', '=', id)
      .execute();
    return (await this.findById(id))?.lockedAt != null;
  }

  /** A right password (or an administrator's unlock) starts the count again and lifts the lock. */
  async clearFailedLogins(id: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_at: null })
      .where('id', '=', id)
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
