import { describe, expect, it } from 'vitest';
import { AttemptLimit } from './attempt-limit.js';

describe('AttemptLimit', () => {
  it('allows up to the limit within the window, then says how long to wait', async () => {
    const limit = new AttemptLimit(3, 60);
    expect(await Promise.all([1, 2, 3].map(() => limit.take('ip')))).toEqual([0, 0, 0]);
    const wait = await limit.take('ip');
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it('counts keys separately and lets a key try again in the next window', async () => {
    const limit = new AttemptLimit(1, 1);
    expect(await limit.take('a')).toBe(0);
    expect(await limit.take('b')).toBe(0);
    expect(await limit.take('a')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await limit.take('a')).toBe(0);
  });
});
