import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows up to the limit within the window, then refuses', () => {
    const limiter = new RateLimiter(3, 60_000);
    expect([1, 2, 3].map((t) => limiter.tryHit('ip', t))).toEqual([true, true, true]);
    expect(limiter.tryHit('ip', 4)).toBe(false);
    expect(limiter.retryAfterMs('ip', 4)).toBe(60_000 + 1 - 4);
  });

  it('lets the key try again once the oldest hit leaves the window', () => {
    const limiter = new RateLimiter(2, 1000);
    limiter.tryHit('ip', 0);
    limiter.tryHit('ip', 500);
    expect(limiter.tryHit('ip', 999)).toBe(false);
    expect(limiter.tryHit('ip', 1001)).toBe(true);
  });

  it('counts keys separately and sweeps idle ones', () => {
    const limiter = new RateLimiter(1, 1000);
    expect(limiter.tryHit('a', 0)).toBe(true);
    expect(limiter.tryHit('b', 0)).toBe(true);
    expect(limiter.tryHit('a', 10)).toBe(false);
    limiter.sweep(5000);
    expect(limiter.retryAfterMs('a', 5000)).toBe(0);
    expect(limiter.tryHit('a', 5000)).toBe(true);
  });
});
