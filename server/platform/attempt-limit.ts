import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** What a limiter is made of: `points` per key in each window of `duration` seconds, keys under `keyPrefix`. */
export interface LimitShape {
  points: number;
  duration: number;
  keyPrefix: string;
}

/** Where attempt counters live: this process's memory, or a store every node shares (SharedRedis.limits). */
export type LimitStore = (shape: LimitShape) => RateLimiterAbstract;

/** rate-limiter-flexible's memory store, which forgets idle keys by itself: right for one node. */
export const inMemory: LimitStore = (shape) => new RateLimiterMemory(shape);

/**
 * At most `points` attempts per key in each window of `windowSeconds`. The
 * counters live in `store`: this process's memory by default, or Redis when
 * several nodes share the load, so an address or a user name gets one budget
 * whichever node its requests land on.
 */
export class AttemptLimit {
  readonly #store: RateLimiterAbstract;

  constructor(points: number, windowSeconds: number, name = 'attempts', store: LimitStore = inMemory) {
    this.#store = store({ points, duration: windowSeconds, keyPrefix: name });
  }

  /** Takes one attempt for `key`: 0 when it may go ahead, else the milliseconds until it may try again. */
  async take(key: string): Promise<number> {
    try {
      await this.#store.consume(key);
      return 0;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext);
      throw refusal;
    }
  }
}
