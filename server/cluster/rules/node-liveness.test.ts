import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLive, MISSED_HEARTBEATS_BEFORE_GONE } from './node-liveness.js';

describe('isLive', () => {
  it('keeps a node live through two missed heartbeats and drops it after the third', () => {
    expect(isLive(0, 5_000 * 2 + 1, 5_000)).toBe(true);
    expect(isLive(0, 5_000 * MISSED_HEARTBEATS_BEFORE_GONE, 5_000)).toBe(true);
    expect(isLive(0, 5_000 * MISSED_HEARTBEATS_BEFORE_GONE + 1, 5_000)).toBe(false);
  });

  it('never calls a node gone that reported later than another one still live', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 60_000 }),
        (earlier, later, now, heartbeatMs) => {
          if (isLive(earlier, now, heartbeatMs)) expect(isLive(earlier + later, now, heartbeatMs)).toBe(true);
        },
      ),
    );
  });
});
