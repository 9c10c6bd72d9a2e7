import type { StaffRole, StaffUser } from '../../shared/contracts/auth.js';
import type { Db } from '../platform/database/database.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  password_hash: string;
  must_change_password: number;
}

export interface StoredUser extends StaffUser {
  passwordHash: string;
  /** Set with a one-time password: the next sign-in may only choose a new one. */
  mustChangePassword?: boolean;
}

const toUser = (row: UserRow): StoredUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  mustChangePassword: row.must_change_password === 1,
});

export class UserStore {
  constructor(private readonly db: Db) {}

  findByUsername(username: string): StoredUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      | UserRow
      | undefined;
    return row && toUser(row);
  }

  findById(id: string): StoredUser | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  insert(user: StoredUser, now: number): void {
    this.db
      .prepare(
        'INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(user.id, user.username, user.displayName, user.role, user.passwordHash, now);
  }

  /** A new password hash; `mustChange` when it is a one-time password someone else chose. */
  setPassword(id: string, passwordHash: string, mustChange: boolean): void {
    this.db
      .prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?')
      .run(passwordHash, mustChange ? 1 : 0, id);
  }

  /**
   * Whether the account may be signed in to and keep its sessions. Every
   * account is, until accounts can be disabled (staff administration).
   */
  isActive(id: string): boolean {
    return id.length > 0;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
}
