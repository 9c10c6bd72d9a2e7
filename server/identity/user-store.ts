import type { StaffRole, StaffUser } from '../../shared/contracts/auth.js';
import type { Db } from '../platform/database/database.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
  must_change_password: 0 | 1;
  failed_logins: number;
  locked_at: number | null;
  mfa_required: 0 | 1;
}

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

const toUser = (row: UserRow): StoredAccount => ({
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

export class UserStore {
  constructor(private readonly db: Db) {}

  findByUsername(username: string): StoredAccount | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      | UserRow
      | undefined;
    return row && toUser(row);
  }

  findById(id: string): StoredAccount | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  /** Every account, by username. */
  all(): StoredAccount[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  /** Whether the account may be signed in to: it exists and no administrator disabled it. */
  isActive(id: string): boolean {
    const row = this.db.prepare('SELECT disabled_at FROM users WHERE id = ?').get(id) as
      | { disabled_at: number | null }
      | undefined;
    return row !== undefined && row.disabled_at === null;
  }

  insert(user: StoredUser & { mustChangePassword?: boolean; mfaRequired?: boolean }, now: number): void {
    this.db
      .prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at, must_change_password, mfa_required)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        user.id,
        user.username,
        user.displayName,
        user.role,
        user.passwordHash,
        now,
        Number(user.mustChangePassword ?? false),
        Number(user.mfaRequired ?? false),
      );
  }

  /** Changes what an administrator may edit; undefined leaves a field as it is. */
  update(id: string, changes: { displayName?: string; role?: StaffRole; mfaRequired?: boolean }): void {
    this.db
      .prepare(
        `UPDATE users SET display_name = COALESCE(?, display_name), role = COALESCE(?, role),
         mfa_required = COALESCE(?, mfa_required) WHERE id = ?`,
      )
      .run(
        changes.displayName ?? null,
        changes.role ?? null,
        changes.mfaRequired === undefined ? null : Number(changes.mfaRequired),
        id,
      );
  }

  /** A new password; `mustChange` when it is a one-time password the person must replace at sign-in. */
  setPassword(id: string, passwordHash: string, mustChange: boolean): void {
    this.db
      .prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?')
      .run(passwordHash, Number(mustChange), id);
  }

  setDisabled(id: string, at: number | null): void {
    this.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(at, id);
  }

  /** Counts a wrong password; the account locks when the count reaches `lockAfter`. Returns whether it is locked. */
  recordFailedLogin(id: string, lockAfter: number, now: number): boolean {
    this.db
      .prepare(
        `UPDATE users SET failed_logins = failed_logins + 1,
         locked_at = CASE WHEN locked_at IS NULL AND failed_logins + 1 >= ? THEN ? ELSE locked_at END
         WHERE id = ?`,
      )
      .run(lockAfter, now, id);
    return this.findById(id)?.lockedAt != null;
  }

  /** A right password (or an administrator's unlock) starts the count again and lifts the lock. */
  clearFailedLogins(id: string): void {
    this.db.prepare('UPDATE users SET failed_logins = 0, locked_at = NULL WHERE id = ?').run(id);
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
}
