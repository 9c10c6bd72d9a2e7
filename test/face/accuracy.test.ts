import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/platform/config.js';
import { countPairErrors, scoreCrossPairs, scorePairs } from '../../server/face/rules/pair-evaluation.js';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { calibrationSet } from '../support/face-calibration.js';
import { CALIBRATION_FIGURES } from './calibration-figures.js';

const { descriptors: _r, undetected: _ru, ...referenceErrors } = CALIBRATION_FIGURES.references;
const { descriptors: _c, undetected: _cu, ...checkErrors } = CALIBRATION_FIGURES.checks;

describe('face match accuracy on the fixture photos (real models)', () => {
  it('accepts no different-person pair below the review band, rejects no same-person pair above it, and gives the README figures', async () => {
    const { matchThreshold: threshold, reviewBand } = loadConfig({}).face;
    expect(threshold).toBe(CALIBRATION_FIGURES.threshold);
    const engine = new FaceEngine({ workers: 1 });
    try {
      const { references, live } = await calibrationSet(engine);
      expect(references.labelled).toHaveLength(CALIBRATION_FIGURES.references.descriptors);
      expect(references.undetected).toEqual(CALIBRATION_FIGURES.references.undetected);
      expect(live.labelled).toHaveLength(CALIBRATION_FIGURES.checks.descriptors);
      expect(live.undetected).toEqual(CALIBRATION_FIGURES.checks.undetected);

      const referencePairs = scorePairs(references.labelled);
      expect(countPairErrors(referencePairs, threshold)).toEqual(referenceErrors);
      const checkPairs = scoreCrossPairs(references.labelled, live.labelled);
      expect(countPairErrors(checkPairs, threshold)).toEqual(checkErrors);
      for (const pairs of [referencePairs, checkPairs]) {
        expect(countPairErrors(pairs, threshold - reviewBand).falseAccepts).toBe(0);
        expect(countPairErrors(pairs, threshold + reviewBand).falseRejects).toBe(0);
      }
    } finally {
      await engine.close();
    }
  }, 240_000);
});
