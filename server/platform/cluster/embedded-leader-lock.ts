import type { Kysely } from 'kysely';
import type { Schema } from '../database/schema.js';
import { nextEpochQuery } from './leader-epoch.js';
import type { LeaderLock } from './leader-lock.js';

/**
 * The leader lock of the embedded single node (SQLite): nobody else can hold
 * it, so the first attempt wins and raises the epoch in the same table as on
 * PostgreSQL. Callers of the election need no branch for it.
 */
export class EmbeddedLeaderLock implements LeaderLock {
  #held = false;
  #closed = false;

  constructor(private readonly db: Kysely<Schema>) {}

  get held(): boolean {
    return this.#held;
  }

  onLost(): void {
    // One process, one file: the lock is never taken away.
  }

  async acquire(nodeId: string, at: number): Promise<number | undefined> {
    if (this.#closed) throw new Error('the leader lock is closed');
    const { epoch } = await nextEpochQuery(this.db, nodeId, at).executeTakeFirstOrThrow();
    this.#held = true;
    return epoch;
  }

  check(): Promise<boolean> {
    return Promise.resolve(this.#held);
  }

  abandon(): void {
    this.#held = false;
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#held = false;
    return Promise.resolve();
  }
}
