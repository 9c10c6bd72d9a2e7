/**
 * Sliding-window limiter: at most `limit` hits per key within `windowMs`.
 * Pure apart from the clock it is given.
 */
export class RateLimiter {
  readonly #hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit; false when the key is over its limit (the hit is not counted). */
  tryHit(key: string, now: number): boolean {
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.#hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#hits.set(key, recent);
    return true;
  }

  /** Milliseconds until the key may try again (0 when it may now). */
  retryAfterMs(key: string, now: number): number {
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length < this.limit) return 0;
    return recent[0]! + this.windowMs - now;
  }

  /** Drops keys with no recent hits, so the map does not grow without bound. */
  sweep(now: number): void {
    for (const [key, hits] of this.#hits) {
      if (hits.every((t) => t <= now - this.windowMs)) this.#hits.delete(key);
    }
  }
}
