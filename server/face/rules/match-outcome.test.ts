import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchOutcome, type MatchOutcome } from './match-outcome.js';

const policy = { threshold: 0.42, reviewBand: 0.03 };
const rank: Record<MatchOutcome, number> = { match: 0, review: 1, 'no-match': 2 };

describe('matchOutcome', () => {
  it('matches well under the threshold, reviews near it, refuses well over it', () => {
    expect(matchOutcome(0.2, policy)).toBe('match');
    expect(matchOutcome(0.39, policy)).toBe('match');
    expect(matchOutcome(0.4, policy)).toBe('review');
    expect(matchOutcome(0.42, policy)).toBe('review');
    expect(matchOutcome(0.449, policy)).toBe('review');
    expect(matchOutcome(0.451, policy)).toBe('no-match');
  });

  it('never matches an unusable distance', () => {
    expect(matchOutcome(Number.NaN, policy)).toBe('no-match');
    expect(matchOutcome(Number.POSITIVE_INFINITY, policy)).toBe('no-match');
  });

  it('never gets more favourable as the distance grows (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.09, noNaN: true }),
        (a, b, threshold, reviewBand) => {
          const [near, far] = a <= b ? [a, b] : [b, a];
          const p = { threshold, reviewBand };
          expect(rank[matchOutcome(near, p)]).toBeLessThanOrEqual(rank[matchOutcome(far, p)]);
        },
      ),
    );
  });

  it('without a band is the bare threshold (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2, noNaN: true }), (distance) => {
        const outcome = matchOutcome(distance, { threshold: 0.5, reviewBand: 0 });
        expect(outcome).toBe(distance <= 0.5 ? 'match' : 'no-match');
      }),
    );
  });
});
