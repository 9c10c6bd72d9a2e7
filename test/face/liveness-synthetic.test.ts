import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headYaw } from '../../server/face/rules/head-yaw.js';
import { eyeAspectRatio } from '../../server/face/rules/eye-aspect-ratio.js';
import { judgeChallenge } from '../../server/face/rules/challenge-judge.js';
import { DEFAULT_LIVENESS_THRESHOLDS } from '../../server/face/rules/liveness-thresholds.js';
import type { FrameObservation } from '../../server/face/rules/motion-events.js';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { readFaceFixture } from '../support/face-fixtures.js';
import { LEFT_THEN_RIGHT, syntheticTurnFrames } from '../support/synthetic-head-moves.js';

let engine: FaceEngine;
beforeAll(() => {
  engine = new FaceEngine({ workers: 1 });
});
afterAll(() => engine.close());

/** The challenge-frame path: tiny detector, landmarks only. */
async function observe(frames: Uint8Array[]): Promise<FrameObservation[]> {
  const analyses = await Promise.all(
    frames.map((frame) => engine.analyse(frame, { detector: 'tiny', descriptors: false })),
  );
  return analyses.map(({ faces }) =>
    faces.length === 1
      ? { yaw: headYaw(faces[0]!.landmarks), eyeAspectRatio: eyeAspectRatio(faces[0]!.landmarks) }
      : null,
  );
}

describe('liveness logic on frames through the real models', () => {
  it('refuses a still photo sent as every frame, whatever was asked', async () => {
    const still = await observe(Array(12).fill(readFaceFixture('astronaut.png')));
    expect(still.every((o) => o !== null)).toBe(true);
    for (const asked of [
      ['turn-left', 'turn-right'],
      ['blink', 'turn-left'],
      ['turn-right', 'blink'],
    ] as const) {
      expect(judgeChallenge([...asked], still, DEFAULT_LIVENESS_THRESHOLDS)).toMatchObject({
        passed: false,
        failure: 'motion_missing',
      });
    }
  });

  it('passes a synthetic left-then-right turn when that was asked, and fails it otherwise', async () => {
    const turning = await observe(await syntheticTurnFrames(engine, 'astronaut.png', LEFT_THEN_RIGHT));
    expect(turning.filter((o) => o === null).length).toBeLessThanOrEqual(2);
    const judge = (asked: Parameters<typeof judgeChallenge>[0]) =>
      judgeChallenge(asked, turning, DEFAULT_LIVENESS_THRESHOLDS);
    expect(judge(['turn-left', 'turn-right'])).toMatchObject({ passed: true });
    expect(judge(['turn-right', 'turn-left'])).toMatchObject({ passed: false, failure: 'wrong_motion' });
    expect(judge(['turn-left', 'blink'])).toMatchObject({ passed: false, failure: 'motion_missing' });
  });
});
