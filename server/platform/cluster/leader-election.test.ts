// The election's state machine alone, on a scripted lock and a manual timer:
// when it retries, checks, deposes and hands over. The real lock on a real
// PostgreSQL is test/integration/leader-election.test.ts.
import { describe, expect, it } from 'vitest';
import type { LeaderLock } from './leader-lock.js';
import { LeaderElection, type DeposedReason, type ElectionTimer } from './leader-election.js';

/** Timers that fire only when the test advances the manual clock. */
class ManualTimers {
  now = 0;
  #pending: { at: number; fire: () => void }[] = [];
  readonly timer: ElectionTimer = (ms, fire) => {
    const entry = { at: this.now + ms, fire };
    this.#pending.push(entry);
    return () => void (this.#pending = this.#pending.filter((e) => e !== entry));
  };

  /** Moves time on by `ms`, firing what falls due in order, and lets their promises settle. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await settle();
      const due = this.#pending.filter((e) => e.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#pending = this.#pending.filter((e) => e !== due);
      this.now = due.at;
      due.fire();
    }
    this.now = until;
    await settle();
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A lock whose answers the test scripts: free or taken, and how its checks answer. */
class ScriptedLock implements LeaderLock {
  held = false;
  free = true;
  epoch = 0;
  attempts = 0;
  abandoned = 0;
  closed = false;
  unreachable = false;
  checkAnswer: 'held' | 'gone' | 'silent' = 'held';
  #lost: (error: Error) => void = () => undefined;

  acquire(): Promise<number | undefined> {
    this.attempts++;
    if (this.unreachable) return Promise.reject(new Error('connection refused'));
    if (!this.free) return Promise.resolve(undefined);
    this.free = false;
    this.held = true;
    return Promise.resolve(++this.epoch);
  }
  check(): Promise<boolean> {
    if (this.checkAnswer === 'silent') return new Promise(() => undefined);
    return Promise.resolve(this.checkAnswer === 'held');
  }
  onLost(listener: (error: Error) => void): void {
    this.#lost = listener;
  }
  /** The connection ends, as when PostgreSQL terminates the session. */
  dropConnection(): void {
    this.held = false;
    this.free = true;
    this.#lost(new Error('terminated'));
  }
  abandon(): void {
    this.abandoned++;
    this.held = false;
    this.free = true;
  }
  close(): Promise<void> {
    this.closed = true;
    this.held = false;
    return Promise.resolve();
  }
}

const TIMING = { retryMs: 100, checkMs: 200, checkTimeoutMs: 1_000, backoffAfterLossMs: 500 };

function election(lock: ScriptedLock, timers: ManualTimers) {
  const made = new LeaderElection({
    lock,
    nodeId: 'node-1',
    clock: () => timers.now,
    timing: TIMING,
    timer: timers.timer,
  });
  const log: (number | DeposedReason)[] = [];
  made.on('elected', (epoch) => log.push(epoch));
  made.on('deposed', (reason) => log.push(reason));
  return { election: made, log };
}

describe('LeaderElection', () => {
  it('leads when its first attempt wins, and keeps leading while its checks find the lock', async () => {
    const timers = new ManualTimers();
    const lock = new ScriptedLock();
    const { election: e, log } = election(lock, timers);
    await e.start();
    expect(e.epoch).toBe(1);
    await timers.advance(2_000);
    expect(log).toEqual([1]);
    expect(lock.attempts).toBe(1);
  });

  it('retries every retryMs while another node holds the lock, and leads once it is free', async () => {
    const timers = new ManualTimers();
    const lock = new ScriptedLock();
    lock.free = false;
    const { election: e, log } = election(lock, timers);
    await e.start();
    await timers.advance(350);
    expect(lock.attempts).toBe(4);
    expect(e.isLeader()).toBe(false);
    lock.free = true;
    await timers.advance(100);
    expect(log).toEqual([1]);
  });

  it('is deposed at once when its connection ends, and tries again only after the back-off', async () => {
    const timers = new ManualTimers();
    const lock = new ScriptedLock();
    const { election: e, log } = election(lock, timers);
    await e.start();
    lock.dropConnection();
    // Synchronously: nothing runs between the loss and the news.
    expect(e.isLeader()).toBe(false);
    expect(log).toEqual([1, 'connection_lost']);
    lock.free = false; // another node took it meanwhile
    await timers.advance(499);
    expect(lock.attempts).toBe(1);
    await timers.advance(1);
    expect(lock.attempts).toBe(2);
  });

  it('is deposed when a check finds the lock gone, or gets no answer in time, and lets the lock go', async () => {
    for (const [answer, reason, after] of [
      ['gone', 'lock_lost', 200],
      ['silent', 'check_timed_out', 1_200],
    ] as const) {
      const timers = new ManualTimers();
      const lock = new ScriptedLock();
      const { election: e, log } = election(lock, timers);
      await e.start();
      lock.checkAnswer = answer;
      await timers.advance(after - 1);
      expect(e.isLeader()).toBe(true);
      await timers.advance(1);
      expect(log).toEqual([1, reason]);
      expect(lock.abandoned).toBe(1);
    }
  });

  it('reports attempts that cannot reach the database and keeps trying', async () => {
    const timers = new ManualTimers();
    const lock = new ScriptedLock();
    lock.unreachable = true;
    const { election: e } = election(lock, timers);
    const failures: string[] = [];
    e.on('attemptfailed', (error) => failures.push(error.message));
    await e.start();
    await timers.advance(200);
    expect(failures).toEqual(['connection refused', 'connection refused', 'connection refused']);
    lock.unreachable = false;
    await timers.advance(100);
    expect(e.epoch).toBe(1);
  });

  it('closes the lock and stops, emitting nothing; it cannot start again', async () => {
    const timers = new ManualTimers();
    const lock = new ScriptedLock();
    const { election: e, log } = election(lock, timers);
    await e.start();
    await e.close();
    expect(lock.closed).toBe(true);
    expect(e.isLeader()).toBe(false);
    lock.dropConnection();
    await timers.advance(5_000);
    expect(log).toEqual([1]);
    expect(lock.attempts).toBe(1);
    await expect(e.start()).rejects.toThrow(/closed/);
  });
});
