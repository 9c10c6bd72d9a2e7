import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { landmarkFixture, transformed } from '../../../test/support/landmark-fixtures.js';
import { headYaw } from './head-yaw.js';

describe('headYaw on landmarks from real photos', () => {
  it('is about zero for a frontal face', () => {
    expect(Math.abs(headYaw(landmarkFixture('astronaut-frontal')))).toBeLessThan(0.1);
  });

  it('is clearly positive when the subject turns to their left, negative to their right', () => {
    expect(headYaw(landmarkFixture('astronaut-turned-left'))).toBeGreaterThan(0.3);
    expect(headYaw(landmarkFixture('astronaut-turned-right'))).toBeLessThan(-0.3);
  });

  it('changes sign, not size, when the picture is mirrored', () => {
    const left = headYaw(landmarkFixture('astronaut-turned-left'));
    expect(headYaw(landmarkFixture('astronaut-turned-left-mirrored'))).toBeCloseTo(-left, 1);
  });

  it('ignores where the face is, its size and a tilt of the head', () => {
    const face = landmarkFixture('astronaut-turned-left');
    const yaw = headYaw(face);
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        (angle, scale, shift) => {
          const moved = transformed(face, { angle, scale, dx: shift, dy: -shift });
          expect(headYaw(moved)).toBeCloseTo(yaw, 6);
        },
      ),
    );
  });

  it('refuses a landmark list that is not the 68-point layout', () => {
    expect(() => headYaw(landmarkFixture('vlado-01').slice(0, 20))).toThrow(RangeError);
  });
});
