import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { Schema } from '../database/schema.js';
import { StaleLeaderEpochError } from './leadership-errors.js';

/**
 * Refuses the transaction's writes unless `epoch` is still the current leader
 * epoch: a node deposed without noticing yet (a stalled process, a cut
 * connection) is refused by the store itself. Call it first in the
 * transaction that stores a leader's decision.
 *
 * On PostgreSQL the read takes a share lock on the epoch row until commit, so
 * a new leader's raise of the epoch waits for the transactions fenced under
 * the old one: every write of epoch N commits before epoch N+1 begins, and the
 * new leader, rebuilding its state after its raise, sees them all. SQLite has
 * one writer, so a plain read is enough.
 */
export async function assertEpoch(trx: Kysely<Schema>, epoch: number): Promise<void> {
  const read = trx.selectFrom('leader_epoch').select('epoch').where('id', '=', 1);
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const row = await (postgres ? read.forShare() : read).executeTakeFirst();
  if (row?.epoch !== epoch) throw new StaleLeaderEpochError(epoch, row?.epoch);
}

/** Runs `work` in a transaction fenced by `epoch` (assertEpoch first): it commits only while `epoch` leads. */
export function fenced<T>(
  db: Kysely<Schema>,
  epoch: number,
  work: (trx: Transaction<Schema>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await assertEpoch(trx, epoch);
    return work(trx);
  });
}
