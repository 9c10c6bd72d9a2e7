import type { SharedDatabase } from '../database/shared-database.js';
import { LOCK_KEYS } from '../database/lock-keys.js';
import { AdvisoryLeaderLock } from './advisory-leader-lock.js';
import { EmbeddedLeaderLock } from './embedded-leader-lock.js';
import { nextEpochQuery } from './leader-epoch.js';
import { LeaderElection, type ElectionTimer, type ElectionTiming } from './leader-election.js';

/**
 * A second or so each way: a dead leader's successor decides within about
 * retryMs of PostgreSQL ending its session (at once for a killed process),
 * and a leader cut off from the database stops deciding within
 * checkMs + checkTimeoutMs, while fencing refuses anything it still tries.
 */
export const ELECTION_TIMING: ElectionTiming = {
  retryMs: 1_000,
  checkMs: 1_000,
  checkTimeoutMs: 3_000,
  backoffAfterLossMs: 3_000,
};

export interface LeadershipOptions {
  /** Compiles the epoch's raise; on SQLite it runs it too. */
  database: Pick<SharedDatabase, 'kysely' | 'dialect'>;
  /** SKYTELLER_DATABASE_URL: the lock's own connection goes there (the pool's would be handed back). */
  databaseUrl: string | undefined;
  nodeId: string;
  clock: () => number;
  timing?: Partial<ElectionTiming>;
  timer?: ElectionTimer;
}

/** The queue leader's election on the shared database: a contest on PostgreSQL, this node alone on SQLite. */
export function createLeaderElection(options: LeadershipOptions): LeaderElection {
  const { database, databaseUrl } = options;
  const timing = { ...ELECTION_TIMING, ...options.timing };
  const lock =
    database.dialect === 'postgres' && databaseUrl !== undefined
      ? new AdvisoryLeaderLock({
          connectionString: databaseUrl,
          key: LOCK_KEYS.queueLeader,
          nextEpoch: (nodeId, at) => nextEpochQuery(database.kysely, nodeId, at).compile(),
          connectTimeoutMs: timing.checkTimeoutMs,
        })
      : new EmbeddedLeaderLock(database.kysely);
  return new LeaderElection({
    lock,
    nodeId: options.nodeId,
    clock: options.clock,
    timing,
    timer: options.timer,
  });
}
