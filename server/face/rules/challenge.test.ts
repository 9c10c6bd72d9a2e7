import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHALLENGE_STEPS, pickChallenge } from './challenge.js';

/** A random source that returns the given values in turn. */
const scripted =
  (...values: number[]) =>
  () =>
    values.shift() ?? 0;

describe('pickChallenge', () => {
  it('always asks two different steps from the three', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), (values) => {
        const steps = pickChallenge(scripted(...values));
        expect(steps).toHaveLength(2);
        expect(new Set(steps).size).toBe(2);
        for (const step of steps) expect(CHALLENGE_STEPS).toContain(step);
      }),
    );
  });

  it('can produce every one of the six ordered pairs', () => {
    const seen = new Set<string>();
    for (const first of [0, 0.5, 0.9]) {
      for (const second of [0, 0.9]) seen.add(pickChallenge(scripted(first, second)).join(','));
    }
    expect(seen.size).toBe(6);
  });

  it('follows the random source, so a test can choose the challenge', () => {
    expect(pickChallenge(scripted(0, 0))).toEqual(['turn-left', 'turn-right']);
    expect(pickChallenge(scripted(0.99, 0))).toEqual(['blink', 'turn-left']);
  });
});
