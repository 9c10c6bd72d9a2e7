/**
 * What the leader election needs of a database: one lock that a single node
 * holds at a time, and the fencing epoch raised by whoever wins it. On
 * PostgreSQL it is an advisory lock on a connection of its own
 * (advisory-leader-lock.ts); embedded on SQLite, the one node always wins
 * (embedded-leader-lock.ts).
 */
export interface LeaderLock {
  /** True while this node holds the lock, as far as it knows. */
  readonly held: boolean;
  /**
   * One attempt. When this node wins, it raises the fencing epoch (recording
   * `nodeId` and `at`) and resolves the new epoch; when another node holds the
   * lock, undefined. Rejects when the database cannot be reached.
   */
  acquire(nodeId: string, at: number): Promise<number | undefined>;
  /** A cheap query: resolves whether the lock is still held; rejects when the database does not answer. */
  check(): Promise<boolean>;
  /** Called at once when the lock is lost without being asked to let go (its connection ended). */
  onLost(listener: (error: Error) => void): void;
  /** Lets go without waiting for the database: drops the connection, which ends the lock with its session. */
  abandon(): void;
  /** Lets go properly (unlock, then end the connection); no attempt succeeds afterwards. */
  close(): Promise<void>;
}
