import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { landmarkFixture, transformed, withEyesClosed } from '../../../test/support/landmark-fixtures.js';
import { eyeAspectRatio } from './eye-aspect-ratio.js';

describe('eyeAspectRatio on landmarks from real photos', () => {
  it('is in the open-eye range for both photographed people', () => {
    for (const name of ['astronaut-frontal', 'vlado-01'] as const) {
      const ratio = eyeAspectRatio(landmarkFixture(name));
      expect(ratio).toBeGreaterThan(0.2);
      expect(ratio).toBeLessThan(0.4);
    }
  });

  it('falls towards zero as the lids close', () => {
    const open = landmarkFixture('astronaut-frontal');
    const half = eyeAspectRatio(withEyesClosed(open, 0.5));
    expect(half).toBeCloseTo(eyeAspectRatio(open) / 2, 5);
    expect(eyeAspectRatio(withEyesClosed(open, 1))).toBeCloseTo(0, 5);
  });

  it('does not depend on the face size, position or tilt', () => {
    const face = landmarkFixture('vlado-01');
    const ratio = eyeAspectRatio(face);
    fc.assert(
      fc.property(
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (angle, scale) => {
          expect(eyeAspectRatio(transformed(face, { angle, scale, dx: 50 }))).toBeCloseTo(ratio, 6);
        },
      ),
    );
  });
});
