import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * At most `points` attempts per key in each window of `windowSeconds`.
 * rate-limiter-flexible's memory store, which forgets idle keys by itself; its
 * Redis or database stores take the same calls when several servers share the
 * load.
 */
export class AttemptLimit {
  readonly #store: RateLimiterMemory;

  constructor(points: number, windowSeconds: number, name = 'attempts') {
    this.#store = new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix: name });
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
