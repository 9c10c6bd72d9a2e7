import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import type { SignInStage } from './policy/sign-in-stages.js';

export interface SessionRow {
  userId: string;
  stage: SignInStage;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/**
 * The staff_sessions table. A session is found by the HMAC of its id; the id
 * itself is never stored. With SKYTELLER_DATABASE_URL every node reads the
 * same table, so a session opened on one node is good on all of them.
 */
export class SessionStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): SessionStore {
    return new SessionStore(trx);
  }

  async insert(
    idHmac: string,
    userId: string,
    stage: SignInStage,
    now: number,
    expiresAt: number,
  ): Promise<void> {
    await this.db
      .insertInto('staff_sessions')
      .values({
        id_hmac: idHmac,
        user_id: userId,
        stage,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
      })
      .execute();
  }

  async find(idHmac: string): Promise<SessionRow | undefined> {
    const row = await this.db
      .selectFrom('staff_sessions')
      .selectAll()
      .where('id_hmac', '=', idHmac)
      .executeTakeFirst();
    return (
      row && {
        userId: row.user_id,
        // Written only from SignInStage values (insert above).
        stage: row.stage as SignInStage,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        revokedAt: row.revoked_at,
      }
    );
  }

  async touch(idHmac: string, now: number): Promise<void> {
    await this.db
      .updateTable('staff_sessions')
      .set({ last_seen_at: now })
      .where('id_hmac', '=', idHmac)
      .execute();
  }

  async revoke(idHmac: string, reason: string, now: number): Promise<void> {
    await this.db
      .updateTable('staff_sessions')
      .set({ revoked_at: now, revoked_reason: reason })
      .where('id_hmac', '=', idHmac)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Revokes every open session of a user; answers how many there were. */
  async revokeAllFor(userId: string, reason: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('staff_sessions')
      .set({ revoked_at: now, revoked_reason: reason })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Forgets sessions that ended before `before`: they can never be used again. */
  async deleteEndedBefore(before: number): Promise<void> {
    await this.db
      .deleteFrom('staff_sessions')
      .where((eb) =>
        eb.or([
          eb('expires_at', '<', before),
          eb.and([eb('revoked_at', 'is not', null), eb('revoked_at', '<', before)]),
        ]),
      )
      .execute();
  }
}
