import type { StaffRole, StaffUser } from '../../shared/contracts/auth.js';
import type { Db } from '../platform/database/database.js';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  password_hash: string;
}

export interface StoredUser extends StaffUser {
  passwordHash: string;
}

const toUser = (row: UserRow): StoredUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
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

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
}
