import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/platform/config.js';
import { countPairErrors, scoreCrossPairs, scorePairs } from '../../server/face/rules/pair-evaluation.js';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { calibrationSet } from '../support/face-calibration.js';
import { CALIBRATION_FIGURES } from './calibration-figures.js';

const { descriptors: _r, undetected: _ru, ...referenceErrors } = CALIBRATION_FIGURES.references;
const { descriptors: _c, undetected: _cu, ...checkErrors } = CALIBRATION_FIGURES.checks;

describe('face match accuracy on the fixture photos (real models)', () => {
  it('accepts no different-person pair at the default threshold, and rejects as many same-person pairs as the README says', async () => {
    const threshold = loadConfig({}).face.matchThreshold;
    expect(threshold).toBe(CALIBRATION_FIGURES.threshold);
    const engine = new FaceEngine({ workers: 1 });
    try {
      const { references, live } = await calibrationSet(engine);
      expect(references.labelled).toHaveLength(CALIBRATION_FIGURES.references.descriptors);
      expect(references.undetected).toEqual(CALIBRATION_FIGURES.references.undetected);
      expect(live.labelled).toHaveLength(CALIBRATION_FIGURES.checks.descriptors);
      expect(live.undetected).toEqual(CALIBRATION_FIGURES.checks.undetected);

      const betweenReferences = countPairErrors(scorePairs(references.labelled), threshold);
      expect(betweenReferences.falseAccepts).toBe(0);
      expect(betweenReferences).toEqual(referenceErrors);

      const asChecked = countPairErrors(scoreCrossPairs(references.labelled, live.labelled), threshold);
      expect(asChecked.falseAccepts).toBe(0);
      expect(asChecked).toEqual(checkErrors);
    } finally {
      await engine.close();
    }
  }, 240_000);
});
