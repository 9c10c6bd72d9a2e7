import type { Db } from '../platform/database/database.js';
import type { SignInStage } from './policy/sign-in-stages.js';

export interface SessionRow {
  userId: string;
  stage: SignInStage;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

interface Row {
  user_id: string;
  stage: SignInStage;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
}

/** The staff_sessions table. A session is found by the HMAC of its id; the id itself is never stored. */
export class SessionStore {
  constructor(private readonly db: Db) {}

  insert(idHmac: string, userId: string, stage: SignInStage, now: number, expiresAt: number): void {
    this.db
      .prepare(
        `INSERT INTO staff_sessions (id_hmac, user_id, stage, created_at, last_seen_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(idHmac, userId, stage, now, now, expiresAt);
  }

  find(idHmac: string): SessionRow | undefined {
    const row = this.db.prepare('SELECT * FROM staff_sessions WHERE id_hmac = ?').get(idHmac) as
      | Row
      | undefined;
    return (
      row && {
        userId: row.user_id,
        stage: row.stage,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        revokedAt: row.revoked_at,
      }
    );
  }

  touch(idHmac: string, now: number): void {
    this.db.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE id_hmac = ?').run(now, idHmac);
  }

  revoke(idHmac: string, reason: string, now: number): void {
    this.db
      .prepare(
        'UPDATE staff_sessions SET revoked_at = ?, revoked_reason = ? WHERE id_hmac = ? AND revoked_at IS NULL',
      )
      .run(now, reason, idHmac);
  }

  /** Revokes every open session of a user; answers how many there were. */
  revokeAllFor(userId: string, reason: string, now: number): number {
    return this.db
      .prepare(
        'UPDATE staff_sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL',
      )
      .run(now, reason, userId).changes;
  }

  /** Forgets sessions that ended before `before`: they can never be used again. */
  deleteEndedBefore(before: number): void {
    this.db
      .prepare(
        'DELETE FROM staff_sessions WHERE expires_at < ? OR (revoked_at IS NOT NULL AND revoked_at < ?)',
      )
      .run(before, before);
  }
}
