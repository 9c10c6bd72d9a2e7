import { AsyncLocalStorage } from 'node:async_hooks';

/** One turn's mark: still its own while `open`; work it left behind (a timer) takes a turn of its own. */
interface Turn {
  open: boolean;
}

/**
 * The queue's changes, one at a time, in the order they were asked for.
 *
 * Why one lock per process rather than "decide, then store" alone: the routing
 * engine decides synchronously, but the store's writes are awaited, so without
 * it two socket events could interleave between a decision, its write and the
 * next decision (an offer made twice, a teller offered while its status is
 * being stored). Inside a turn the units decide on the engine, store the
 * decision (one transaction where it has several rows) and announce it before
 * anything else changes the queue. Only the elected leader makes offers, and
 * it rebuilds its engine from the store in a turn of this same lock
 * (`QueueFeature.lead`).
 *
 * Re-entrant: a unit's method that takes a turn may call another's that takes
 * one too (the caller's turn goes on). Timers and news (`background`) always
 * wait for a turn of their own: a timer set inside a turn, or the calls' news
 * told inside one, must not run in the middle of it.
 */
export class QueueTurns {
  readonly #current = new AsyncLocalStorage<Turn>();
  #tail: Promise<unknown> = Promise.resolve();

  /** `onError` hears of the failures of work nobody awaits (timers, disconnections, the calls' news). */
  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `work` in the caller's turn, or in the next free one. */
  run<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.#current.getStore()?.open) {
      try {
        return Promise.resolve(work());
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return this.later(work);
  }

  /** Runs `work` in a turn of its own, after every turn asked for before. */
  later<T>(work: () => T | Promise<T>): Promise<T> {
    const turn: Turn = { open: true };
    const result = this.#tail.then(() =>
      this.#current.run(turn, async () => {
        try {
          return await work();
        } finally {
          turn.open = false;
        }
      }),
    );
    // The next turn waits for this one to end, however it ends.
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** A failure that must not undo the change it followed (offers not made after a join). */
  report(error: unknown): void {
    this.onError(error);
  }

  /**
   * For a timer, an event handler or the calls' news: a turn of its own after
   * every turn asked for before (never the turn it was started in, even if that
   * one has not ended yet). Nobody awaits it, so a failure goes to `onError`.
   */
  background(work: () => unknown): void {
    this.later(work).catch(this.onError);
  }

  /** Resolves once no turn is left to run (tests, shutdown); never call it inside a turn. */
  async settled(): Promise<void> {
    // Turns may ask for more turns (the calls' news): wait until none is left.
    for (let tail = this.#tail; ; tail = this.#tail) {
      await tail;
      if (tail === this.#tail) return;
    }
  }
}
