import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/platform/config.js';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { countPairErrors, scorePairs } from '../../server/face/rules/pair-evaluation.js';
import { rocPoints } from '../../server/face/rules/roc.js';
import { labelledPart } from '../support/face-labelled-set.js';
import { LABELLED_FIGURES } from './labelled-figures.js';

const summary = (points: ReturnType<typeof rocPoints>) =>
  points.map((p) => ({
    targetFalseMatchRate: p.targetFalseMatchRate,
    threshold: Number(p.threshold.toFixed(2)),
    falseAccepts: p.falseAccepts,
    differentPersonPairs: p.differentPersonPairs,
    falseRejects: p.falseRejects,
    samePersonPairs: p.samePersonPairs,
  }));

describe('face match accuracy on the labelled photos, tuned on half the people and judged on the other half (real models)', () => {
  it('enrols every photo, accepts no different-person pair of the held-out half at the default threshold, and gives the README ROC', async () => {
    const threshold = loadConfig({}).face.matchThreshold;
    const engine = new FaceEngine({ workers: 1 });
    try {
      const tuning = await labelledPart(engine, 'tuning');
      const heldOut = await labelledPart(engine, 'heldOut');
      expect(tuning.notEnrolled).toEqual([]);
      expect(heldOut.notEnrolled).toEqual([]);

      const heldOutErrors = countPairErrors(scorePairs(heldOut.all), threshold);
      expect(heldOutErrors.falseAccepts).toBe(0);
      expect(heldOutErrors).toEqual(LABELLED_FIGURES.heldOutAtDefault);
      expect(countPairErrors(scorePairs(heldOut.portraits), threshold)).toEqual(
        LABELLED_FIGURES.heldOutPortraitsAtDefault,
      );
      expect(summary(rocPoints(scorePairs(tuning.all)))).toEqual(LABELLED_FIGURES.tuningRoc);
      expect(summary(rocPoints(scorePairs(heldOut.all)))).toEqual(LABELLED_FIGURES.heldOutRoc);
    } finally {
      await engine.close();
    }
  }, 1_800_000);
});
