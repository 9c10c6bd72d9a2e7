import { AppError } from '../errors.js';

/**
 * A fenced write decided under a leader epoch that is no longer the current
 * one: its node lost the leadership (perhaps without noticing yet) and another
 * node leads now. The store refused it, so the decision was never made.
 */
export class StaleLeaderEpochError extends AppError {
  constructor(
    readonly epoch: number,
    readonly currentEpoch: number | undefined,
  ) {
    super('stale_leader_epoch', `decided under leader epoch ${epoch}; the current epoch is ${currentEpoch}`);
    this.name = 'StaleLeaderEpochError';
  }
}

/** The leader lock's own database connection ended or failed: the lock went with its session. */
export class LeaderConnectionLostError extends Error {
  constructor(cause?: unknown) {
    super('the leader lock connection was lost', { cause });
    this.name = 'LeaderConnectionLostError';
  }
}

/** The periodic check of the leader lock did not answer in time: the node cannot know it still leads. */
export class LeaderCheckTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the leader lock check did not answer within ${timeoutMs} ms`);
    this.name = 'LeaderCheckTimeoutError';
  }
}

/** A closed election cannot be started again (create another). */
export class LeaderElectionClosedError extends Error {
  constructor() {
    super('the leader election is closed');
    this.name = 'LeaderElectionClosedError';
  }
}
