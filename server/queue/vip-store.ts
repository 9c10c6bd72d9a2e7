import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';

/** Customers the institution serves with VIP priority, by their ID document. */
export class VipStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): VipStore {
    return new VipStore(trx);
  }

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
      .onConflict((conflict) => conflict.columns(['id_type', 'id_number']).doUpdateSet({ note: entry.note }))
      .execute();
  }

  /** True when there was such an entry. */
  async remove(idType: string, idNumber: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('vip_customers')
      .where('id_type', '=', idType)
      .where('id_number', '=', idNumber)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
