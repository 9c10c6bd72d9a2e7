import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { countPairErrors, scorePairs } from '../../server/domain/face/pair-evaluation.js';
import { FaceEngine } from '../../server/face/face-engine.js';
import { calibrationSet } from '../support/face-calibration.js';
import { CALIBRATION_FIGURES } from './calibration-figures.js';

describe('face match accuracy on the fixture photos (real models)', () => {
  it('accepts no different-person pair at the default threshold, and rejects as many same-person pairs as the README says', async () => {
    const threshold = loadConfig({}).face.matchThreshold;
    expect(threshold).toBe(CALIBRATION_FIGURES.threshold);
    const engine = new FaceEngine({ workers: 1 });
    try {
      const set = await calibrationSet(engine);
      expect(set.labelled).toHaveLength(CALIBRATION_FIGURES.descriptors);
      expect(set.undetected).toEqual(CALIBRATION_FIGURES.undetected);
      const errors = countPairErrors(scorePairs(set.labelled), threshold);
      expect(errors.falseAccepts).toBe(0);
      expect(errors).toEqual({
        pairs: CALIBRATION_FIGURES.pairs,
        samePersonPairs: CALIBRATION_FIGURES.samePersonPairs,
        differentPersonPairs: CALIBRATION_FIGURES.differentPersonPairs,
        falseAccepts: CALIBRATION_FIGURES.falseAccepts,
        falseRejects: CALIBRATION_FIGURES.falseRejects,
      });
    } finally {
      await engine.close();
    }
  }, 240_000);
});
