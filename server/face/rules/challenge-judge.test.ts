import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHALLENGE_STEPS, type ChallengeStep } from './challenge.js';
import { judgeChallenge } from './challenge-judge.js';
import { DEFAULT_LIVENESS_THRESHOLDS as T } from './liveness-thresholds.js';
import type { FrameObservation } from './motion-events.js';

const OPEN = 0.3;
const frontal = (n = 3): FrameObservation[] => Array(n).fill({ yaw: 0, eyeAspectRatio: OPEN });
const turned = (yaw: number, n = 3): FrameObservation[] => Array(n).fill({ yaw, eyeAspectRatio: OPEN });

/** Frames that perform one step, then come back to frontal. */
function perform(step: ChallengeStep): FrameObservation[] {
  if (step === 'blink') return [{ yaw: 0, eyeAspectRatio: 0.1 }, ...frontal(2)];
  return [...turned(step === 'turn-left' ? 0.45 : -0.45), ...frontal(2)];
}

const series = (...steps: ChallengeStep[]) => [...frontal(), ...steps.flatMap(perform)];
const judge = (asked: ChallengeStep[], frames: FrameObservation[]) => judgeChallenge(asked, frames, T);
const orderedPairs = CHALLENGE_STEPS.flatMap((a) =>
  CHALLENGE_STEPS.filter((b) => b !== a).map((b): ChallengeStep[] => [a, b]),
);

describe('judgeChallenge', () => {
  it.each(orderedPairs)('passes %s then %s when done in that order', (first, second) => {
    const verdict = judge([first, second], series(first, second));
    expect(verdict).toMatchObject({ passed: true });
    expect(verdict.completedAt[0]).toBeLessThan(verdict.completedAt[1]!);
  });

  it.each(orderedPairs)('refuses %s then %s when done the other way round', (first, second) => {
    const verdict = judge([first, second], series(second, first));
    expect(verdict.passed).toBe(false);
    expect(['wrong_order', 'wrong_motion']).toContain(verdict.failure);
  });

  it('refuses a still photo, frontal or turned, whatever is asked', () => {
    for (const asked of orderedPairs) {
      expect(judge(asked, frontal(15))).toMatchObject({ passed: false, failure: 'motion_missing' });
      expect(judge(asked, turned(0.5, 15))).toMatchObject({ passed: false, failure: 'motion_missing' });
    }
  });

  it('refuses a turn to the wrong side even if the right one follows', () => {
    expect(judge(['turn-left', 'blink'], series('turn-right', 'turn-left', 'blink'))).toMatchObject({
      passed: false,
      failure: 'wrong_motion',
    });
  });

  it('ignores extra blinks and frames without a face', () => {
    const frames = [...series('blink', 'turn-right'), null, ...perform('blink')];
    frames.splice(2, 0, null, null);
    expect(judge(['turn-right', 'blink'], [...frontal(), ...perform('blink'), ...frames])).toMatchObject({
      passed: true,
    });
  });

  it('takes yaw between the turn and frontal thresholds as no change', () => {
    const halfway = turned((T.turnYaw + T.frontalYaw) / 2, 4);
    expect(judge(['turn-left', 'turn-right'], [...frontal(), ...halfway, ...frontal()]).events).toEqual([]);
  });

  it('never passes without any change between frames (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...orderedPairs),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 0, max: 30 }),
        (asked, yaw, eyeAspectRatio, count) => {
          const frames = Array(count).fill({ yaw, eyeAspectRatio });
          expect(judge(asked, frames).passed).toBe(false);
        },
      ),
    );
  });
});
