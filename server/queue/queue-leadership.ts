import type { Kysely } from 'kysely';
import { assertEpoch } from '../platform/cluster/fencing.js';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';

/**
 * Whether this node decides offers (README, "Queue leader"), and under which
 * fencing epoch. The composition tells it what the leader election says
 * (`elected(epoch)` → lead, `deposed` → follow); the queue only reads it.
 *
 * A node that does not lead makes no offer and lets no offer expire. A leader
 * deposed without noticing yet still writes under its old epoch, and the
 * store refuses that write (`stale_leader_epoch`): every write that stores a
 * decision about an offer goes through `fenced` here.
 */
export class QueueLeadership {
  #epoch: number | undefined;

  /** The epoch this node leads under, undefined while it follows. */
  get epoch(): number | undefined {
    return this.#epoch;
  }

  get leads(): boolean {
    return this.#epoch !== undefined;
  }

  lead(epoch: number): void {
    this.#epoch = epoch;
  }

  follow(): void {
    this.#epoch = undefined;
  }

  /**
   * Runs `work` in a transaction (the caller's, if `db` is one) that commits
   * only while `epoch` is still the current leader epoch.
   */
  fenced<T>(db: Kysely<Schema>, epoch: number, work: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
    return inTransaction(db, async (trx) => {
      await assertEpoch(trx, epoch);
      return work(trx);
    });
  }
}
