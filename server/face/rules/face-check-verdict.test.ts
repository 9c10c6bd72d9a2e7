import { describe, expect, it } from 'vitest';
import type { ChallengeStep } from './challenge.js';
import { judgeFaceCheck, type AnalysedFrame } from './face-check-verdict.js';
import { DEFAULT_LIVENESS_THRESHOLDS } from './liveness-thresholds.js';

const rules = {
  match: { threshold: 0.42, reviewBand: 0.03 },
  liveness: DEFAULT_LIVENESS_THRESHOLDS,
  minFaceFrames: 5,
  bestFrames: 3,
};
const asked: ChallengeStep[] = ['turn-left', 'turn-right'];
const face = (yaw: number, distance?: number): AnalysedFrame => ({
  faceCount: 1,
  yaw,
  eyeAspectRatio: 0.3,
  distance,
});
const performed = (distance: number) => [
  face(0, distance),
  face(0, distance + 0.02),
  face(0.5),
  face(0),
  face(-0.5),
  face(0, distance + 0.01),
];

describe('judgeFaceCheck', () => {
  it('passes the right person doing the challenge, averaging the best frames', () => {
    const verdict = judgeFaceCheck(asked, performed(0.3), rules);
    expect(verdict).toMatchObject({ outcome: 'pass', reasons: [], match: 'match' });
    expect(verdict.distance).toBeCloseTo(0.31, 6);
  });

  it('leaves a distance in the review band to the teller', () => {
    expect(judgeFaceCheck(asked, performed(0.41), rules)).toMatchObject({
      outcome: 'review',
      match: 'review',
    });
  });

  it('fails another person, a still picture, a second face, or too few faces, with every reason', () => {
    expect(judgeFaceCheck(asked, performed(0.6), rules).reasons).toEqual(['no_match']);
    const still = Array.from({ length: 6 }, () => face(0, 0.3));
    expect(judgeFaceCheck(asked, still, rules)).toMatchObject({
      outcome: 'fail',
      reasons: ['motion_missing'],
    });
    const crowded = [...performed(0.3), { faceCount: 2 }];
    expect(judgeFaceCheck(asked, crowded, rules).reasons).toEqual(['multiple_faces']);
    const empty = [{ faceCount: 0 }, { faceCount: 0 }];
    expect(judgeFaceCheck(asked, empty, rules)).toMatchObject({
      outcome: 'fail',
      distance: null,
      reasons: ['too_few_faces', 'no_match', 'motion_missing'],
    });
  });
});
