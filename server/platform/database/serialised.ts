import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { LockKey } from './lock-keys.js';
import { inTransaction } from './transaction.js';

/**
 * Runs `work` in a transaction that no other holder of `key` overlaps, on any
 * node: on PostgreSQL the transaction first takes pg_advisory_xact_lock(key),
 * released at commit or rollback; so a read-then-append (the audit chain's
 * "last hash, then the next entry") never forks. SQLite has one writer
 * process, and Kysely's SQLite driver hands its single connection to one
 * transaction at a time, so a plain transaction is enough there.
 *
 * Keep `work` short and free of waits on other I/O: on SQLite it holds the
 * one connection. Given a transaction, `work` joins it and the lock is held
 * until that transaction ends.
 */
export async function serialised<DB, T>(
  db: Kysely<DB>,
  key: LockKey,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return inTransaction(db, async (trx) => {
    if (postgres) await sql`SELECT pg_advisory_xact_lock(${key.toString()}::bigint)`.execute(trx);
    return work(trx);
  });
}
