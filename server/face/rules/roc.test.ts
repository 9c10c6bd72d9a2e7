import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScoredPair } from './pair-evaluation.js';
import { rocPoints } from './roc.js';

const pair = (samePerson: boolean, distance: number): ScoredPair => ({
  a: 'a',
  b: 'b',
  samePerson,
  distance,
});

describe('rocPoints', () => {
  it('puts the threshold just under the first different-person distance the target refuses', () => {
    const different = Array.from({ length: 200 }, (_, i) => pair(false, 0.5 + i / 1000));
    const same = [0.2, 0.45, 0.5005, 0.51, 0.8].map((d) => pair(true, d));
    const [onePercent, zero] = rocPoints([...different, ...same], [0.01, 0]);
    // 1 % of 200 allows 2 false accepts: 0.500 and 0.501 pass, 0.502 does not.
    expect(onePercent).toMatchObject({ threshold: 0.501999, falseAccepts: 2, falseRejects: 2 });
    expect(onePercent!.falseMatchRate).toBe(0.01);
    expect(zero).toMatchObject({ threshold: 0.499999, falseAccepts: 0, falseRejects: 3, samePersonPairs: 5 });
    expect(zero!.falseNonMatchRate).toBeCloseTo(0.6);
  });

  it('never reports more false accepts than the target allows, and rejects no more as the target grows', () => {
    const pairs = fc.array(
      fc.record({ samePerson: fc.boolean(), distance: fc.double({ min: 0, max: 2, noNaN: true }) }),
      { maxLength: 300 },
    );
    fc.assert(
      fc.property(pairs, (scored) => {
        const points = rocPoints(
          scored.map((p) => pair(p.samePerson, p.distance)),
          [0, 0.001, 0.01, 0.1],
        );
        for (const point of points) {
          expect(point.falseAccepts).toBeLessThanOrEqual(
            Math.floor(point.targetFalseMatchRate * point.differentPersonPairs),
          );
        }
        const rejects = points.map((p) => p.falseRejects);
        expect([...rejects].sort((a, b) => b - a)).toEqual(rejects);
      }),
    );
  });
});
