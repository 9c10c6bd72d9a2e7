import type { Kysely } from 'kysely';

/**
 * Runs `work` in a transaction: the caller's, when `db` already is one (so a
 * store called inside a feature's unit of work joins it instead of nesting),
 * else a new one. Inside `work`, use only `trx`: on SQLite the one connection
 * belongs to the open transaction, so a query through the root handle waits
 * for it for ever.
 */
export function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
