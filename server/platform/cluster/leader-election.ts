import { EventEmitter } from 'node:events';
import {
  LeaderCheckTimeoutError,
  LeaderConnectionLostError,
  LeaderElectionClosedError,
} from './leadership-errors.js';
import type { LeaderLock } from './leader-lock.js';

/** Why a leader stopped leading: its lock's connection ended, the lock was gone, or the check did not answer. */
export type DeposedReason = 'connection_lost' | 'lock_lost' | 'check_timed_out';

export type LeaderElectionEvents = {
  /** This node leads from now on; decisions it fences carry `epoch`. */
  elected: [epoch: number];
  /** This node no longer leads: emitted before anything else runs, so nothing more is decided. */
  deposed: [reason: DeposedReason, error: Error | undefined];
  /** An attempt could not reach the database; the next one follows after the retry interval. */
  attemptfailed: [error: Error];
};

/** Timers the election runs on; tests may drive them. Returns a cancel function. */
export type ElectionTimer = (ms: number, fire: () => void) => () => void;

export interface ElectionTiming {
  /** How often a node that does not lead tries to take the lock. */
  retryMs: number;
  /** How often the leader checks that its lock is still held. */
  checkMs: number;
  /** A check that takes longer than this deposes the leader (it cannot know it still leads). */
  checkTimeoutMs: number;
  /** After losing the lock, how long before this node tries again: the others get the first chance. */
  backoffAfterLossMs: number;
}

export interface LeaderElectionOptions {
  lock: LeaderLock;
  /** Recorded with each epoch, for people reading the table. */
  nodeId: string;
  clock: () => number;
  timing: ElectionTiming;
  timer?: ElectionTimer;
}

const realTimer: ElectionTimer = (ms, fire) => {
  const timeout = setTimeout(fire, ms);
  timeout.unref();
  return () => clearTimeout(timeout);
};

/**
 * Which node leads (the queue's offers are decided by one node at a time).
 * A node that does not lead tries for the lock every `retryMs`; the winner
 * raises the fencing epoch and emits `elected(epoch)`, then checks its lock
 * every `checkMs`. The moment the lock's connection ends, a check says the
 * lock is gone, or a check does not answer, it emits `deposed` and leads no
 * more. A stale leader that has not noticed yet is still refused by the
 * store: see fencing.ts. close() lets the lock go so another node takes over
 * at its next attempt; it emits nothing (the caller is the one stopping).
 */
export class LeaderElection extends EventEmitter<LeaderElectionEvents> {
  readonly #lock: LeaderLock;
  readonly #timer: ElectionTimer;
  #epoch: number | undefined;
  #started = false;
  #closing: Promise<void> | undefined;
  #cancelNext: () => void = () => undefined;
  #attempting: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeaderElectionOptions) {
    super();
    this.#lock = options.lock;
    this.#timer = options.timer ?? realTimer;
    this.#lock.onLost((error) => this.#depose('connection_lost', error));
  }

  /** The epoch this node leads under, or undefined when it does not lead. */
  get epoch(): number | undefined {
    return this.#epoch;
  }

  isLeader(): boolean {
    return this.#epoch !== undefined;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Makes the first attempt (on SQLite it wins: the node leads when this resolves), then keeps trying. */
  async start(): Promise<void> {
    if (this.closed) throw new LeaderElectionClosedError();
    if (this.#started) return;
    this.#started = true;
    await this.#attempt();
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#cancelNext();
      this.#epoch = undefined;
      // An attempt under way finishes first, so a lock it wins is let go below.
      await this.#attempting;
      await this.#lock.close();
    })();
    return this.#closing;
  }

  #attempt(): Promise<void> {
    this.#attempting = this.#tryOnce();
    return this.#attempting;
  }

  async #tryOnce(): Promise<void> {
    if (this.closed) return;
    let epoch: number | undefined;
    try {
      epoch = await this.#lock.acquire(this.options.nodeId, this.options.clock());
    } catch (error) {
      if (this.closed) return;
      this.emit('attemptfailed', error as Error);
      this.#next(this.options.timing.retryMs, () => void this.#attempt());
      return;
    }
    if (this.closed) return;
    // Won, but the connection ended before this line ran: the lock went with it.
    if (epoch !== undefined && !this.#lock.held) epoch = undefined;
    if (epoch === undefined) {
      this.#next(this.options.timing.retryMs, () => void this.#attempt());
      return;
    }
    this.#epoch = epoch;
    this.#next(this.options.timing.checkMs, () => void this.#check(epoch));
    this.emit('elected', epoch);
  }

  async #check(epoch: number): Promise<void> {
    const { checkMs, checkTimeoutMs } = this.options.timing;
    let cancelTimeout: () => void = () => undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      cancelTimeout = this.#timer(checkTimeoutMs, () => resolve('timeout'));
    });
    let outcome: boolean | 'timeout' | Error;
    try {
      outcome = await Promise.race([this.#lock.check(), timedOut]);
    } catch (error) {
      outcome = error as Error;
    } finally {
      cancelTimeout();
    }
    // Deposed or closed while the check ran: that already settled it.
    if (this.#epoch !== epoch || this.closed) return;
    if (outcome === true) this.#next(checkMs, () => void this.#check(epoch));
    else if (outcome === 'timeout')
      this.#depose('check_timed_out', new LeaderCheckTimeoutError(checkTimeoutMs));
    else if (outcome === false) this.#depose('lock_lost', undefined);
    else this.#depose('connection_lost', new LeaderConnectionLostError(outcome));
  }

  #depose(reason: DeposedReason, error: Error | undefined): void {
    if (this.#epoch === undefined || this.closed) return;
    this.#epoch = undefined;
    // Whatever the lock's state, this node lets it go: a session still holding it would block the others.
    this.#lock.abandon();
    this.#next(this.options.timing.backoffAfterLossMs, () => void this.#attempt());
    this.emit('deposed', reason, error);
  }

  #next(ms: number, fire: () => void): void {
    this.#cancelNext();
    this.#cancelNext = this.#timer(ms, fire);
  }
}
