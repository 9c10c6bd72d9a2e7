import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import type { LockKey } from '../database/lock-keys.js';
import { LeaderConnectionLostError } from './leadership-errors.js';
import type { LeaderLock } from './leader-lock.js';

export interface AdvisoryLeaderLockOptions {
  connectionString: string;
  key: LockKey;
  /** The epoch's raise, compiled for PostgreSQL (leader-epoch.ts). */
  nextEpoch(nodeId: string, at: number): CompiledQuery<{ epoch: number | string }>;
  /** How long a connection attempt may take before the attempt fails. */
  connectTimeoutMs: number;
}

/**
 * The leader lock on PostgreSQL: a session-level pg_try_advisory_lock on a
 * connection of its own, never a pool's (a pooled connection goes back to the
 * pool, and the lock with it to whoever takes it next). PostgreSQL keeps the
 * lock exactly as long as that session lives, so a node that dies, or whose
 * backend is terminated, lets it go; its connection's 'error' or 'end' tells
 * this node at once.
 */
export class AdvisoryLeaderLock implements LeaderLock {
  #client: pg.Client | undefined;
  #held = false;
  #closed = false;
  #lost: (error: Error) => void = () => undefined;

  constructor(private readonly options: AdvisoryLeaderLockOptions) {}

  get held(): boolean {
    return this.#held;
  }

  onLost(listener: (error: Error) => void): void {
    this.#lost = listener;
  }

  async acquire(nodeId: string, at: number): Promise<number | undefined> {
    const client = await this.#connect();
    const { rows } = await client.query<{ won: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS won', [
      this.options.key.toString(),
    ]);
    if (!rows[0]?.won) return undefined;
    this.#held = true;
    try {
      const next = this.options.nextEpoch(nodeId, at);
      const raised = await client.query<{ epoch: number | string }>(next.sql, [...next.parameters]);
      return Number(raised.rows[0]!.epoch);
    } catch (error) {
      // Holding the lock without an epoch would block every other node for nothing.
      this.abandon();
      throw error;
    }
  }

  async check(): Promise<boolean> {
    const client = this.#client;
    if (!this.#held || !client) return false;
    // pg_locks shows a bigint key as its high half (classid) and low half (objid), objsubid 1.
    const { rows } = await client.query<{ held: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM pg_locks
         WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
           AND ((classid::bigint << 32) | objid::bigint) = $1::bigint
       ) AS held`,
      [this.options.key.toString()],
    );
    return this.#held && rows[0]?.held === true;
  }

  abandon(): void {
    const client = this.#client;
    this.#client = undefined;
    this.#held = false;
    if (client) void client.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    const held = this.#held;
    this.#held = false;
    if (!client) return;
    // Each step waits at most connectTimeoutMs: a connection cut off without being closed
    // answers nothing, and must not hold up the server's shutdown (the lock dies with the session).
    const bounded = (work: Promise<unknown>) =>
      Promise.race([
        work.catch(() => undefined),
        new Promise<void>((resolve) => setTimeout(resolve, this.options.connectTimeoutMs).unref()),
      ]);
    // Ending the session would release it too; unlocking first hands over without waiting for the backend to exit.
    if (held)
      await bounded(client.query('SELECT pg_advisory_unlock($1::bigint)', [this.options.key.toString()]));
    await bounded(client.end());
  }

  async #connect(): Promise<pg.Client> {
    if (this.#closed) throw new Error('the leader lock is closed');
    if (this.#client) return this.#client;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      // A peer that vanishes without closing the connection is noticed by TCP, not only by the next check.
      keepAlive: true,
      application_name: 'skyteller-queue-leader',
    });
    // Without listeners a dropped connection's 'error' would end the process.
    client.on('error', (error) => this.#dropped(client, error));
    client.on('end', () => this.#dropped(client, new LeaderConnectionLostError()));
    this.#client = client;
    try {
      await client.connect();
    } catch (error) {
      this.#dropped(client, error as Error);
      throw error;
    }
    return client;
  }

  /** The connection ended or failed: whatever it held is gone. */
  #dropped(client: pg.Client, error: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    void client.end().catch(() => undefined);
    if (!this.#held) return;
    this.#held = false;
    this.#lost(error instanceof LeaderConnectionLostError ? error : new LeaderConnectionLostError(error));
  }
}
