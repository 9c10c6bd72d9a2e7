import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';

/**
 * VipStore on the shared query layer (README, "Database"): the same rows and
 * answers, asynchronous, so it runs on SQLite and on PostgreSQL. The example
 * the other stores follow; callers still use VipStore until the queue's
 * callers become asynchronous.
 */
export class AsyncVipStore {
  constructor(private readonly db: Kysely<Schema>) {}

  async isVip(idType: string, idNumber: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('vip_customers')
      .select('id_type')
      .where('id_type', '=', idType)
      .where('id_number', '=', idNumber)
      .executeTakeFirst();
    return row !== undefined;
  }

  async add(entry: {
    idType: string;
    idNumber: string;
    note: string;
    addedBy: string;
    at: number;
  }): Promise<void> {
    await this.db
      .insertInto('vip_customers')
      .values({
        id_type: entry.idType,
        id_number: entry.idNumber,
        note: entry.note,
        added_by: entry.addedBy,
        added_at: entry.at,
      })
      // Adding a listed customer again only updates the note (both dialects speak ON CONFLICT).
      .onConflict((conflict) =>
        conflict.columns(['id_type', 'id_number']).doUpdateSet((eb) => ({ note: eb.ref('excluded.note') })),
      )
      .execute();
  }

  /** True when there was such an entry. */
  async remove(idType: string, idNumber: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('vip_customers')
      .where('id_type', '=', idType)
      .where('id_number', '=', idNumber)
      .executeTakeFirst();
    // Kysely counts affected rows as a bigint on every dialect.
    return result.numDeletedRows > 0n;
  }
}
