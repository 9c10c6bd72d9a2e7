import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/platform/config.js';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { countPairErrors, scorePairs } from '../../server/face/rules/pair-evaluation.js';
import { rocPoints } from '../../server/face/rules/roc.js';
import { labelledPart } from '../support/face-labelled-set.js';
import { LABELLED_FIGURES } from './labelled-figures.js';

const floor3 = (value: number) => Math.floor(value * 1000) / 1000;
const summary = (points: ReturnType<typeof rocPoints>) =>
  points.map((p) => ({
    targetFalseMatchRate: p.targetFalseMatchRate,
    threshold: floor3(p.threshold),
    falseAccepts: p.falseAccepts,
    differentPersonPairs: p.differentPersonPairs,
    falseRejects: p.falseRejects,
    samePersonPairs: p.samePersonPairs,
  }));

describe('face match accuracy on the labelled photos, tuned on half the people and judged on the other half (real models)', () => {
  it('takes the default threshold from the tuning half, and meets the target on held-out portraits: no false accept, at most 5 % false rejects', async () => {
    const { matchThreshold: threshold, reviewBand } = loadConfig({}).face;
    const engine = new FaceEngine({ workers: 1 });
    try {
      const tuning = await labelledPart(engine, 'tuning');
      const heldOut = await labelledPart(engine, 'heldOut');
      expect(tuning.notEnrolled).toEqual([]);
      expect(heldOut.notEnrolled).toEqual([]);

      // The default is the tuning half's no-false-accept threshold, rounded down to two decimals.
      const tuningRoc = rocPoints(scorePairs(tuning.all));
      expect(summary(tuningRoc)).toEqual(LABELLED_FIGURES.tuningRoc);
      expect(threshold).toBe(Math.floor(tuningRoc.at(-1)!.threshold * 100) / 100);

      const portraits = countPairErrors(scorePairs(heldOut.portraits), threshold);
      expect(portraits.falseAccepts).toBe(0);
      expect(portraits.falseRejects / portraits.samePersonPairs).toBeLessThanOrEqual(0.05);
      expect(portraits).toEqual(LABELLED_FIGURES.heldOutPortraitsAtDefault);

      const withGroups = scorePairs(heldOut.all);
      expect(countPairErrors(withGroups, threshold)).toEqual(LABELLED_FIGURES.heldOutAtDefault);
      // Nothing held out is decided wrongly without the teller: below the band no
      // different-person pair, above it no same-person pair.
      expect(countPairErrors(withGroups, threshold - reviewBand).falseAccepts).toBe(0);
      expect(countPairErrors(withGroups, threshold + reviewBand).falseRejects).toBe(0);
      expect(summary(rocPoints(withGroups))).toEqual(LABELLED_FIGURES.heldOutRoc);
    } finally {
      await engine.close();
    }
  }, 1_800_000);
});
