import type { ChallengeStep } from './challenge.js';
import type { LivenessThresholds } from './liveness-thresholds.js';
import { motionEvents, type FrameObservation, type MotionEvent } from './motion-events.js';

export type LivenessFailure = 'motion_missing' | 'wrong_motion' | 'wrong_order';

export interface ChallengeVerdict {
  passed: boolean;
  failure?: LivenessFailure;
  /** Frame index where each asked step was seen, or null. */
  completedAt: (number | null)[];
  events: MotionEvent[];
}

const isTurn = (step: ChallengeStep) => step !== 'blink';

/** Greedy in-order match of the asked steps against the seen events. */
function matchInOrder(steps: ChallengeStep[], events: MotionEvent[]): (number | null)[] {
  let after = -1;
  return steps.map((step) => {
    const found = events.find((event) => event.kind === step && event.frame > after);
    if (!found) {
      after = Number.POSITIVE_INFINITY;
      return null;
    }
    after = found.frame;
    return found.frame;
  });
}

/**
 * Judges a challenge across a frame series. The asked steps must be seen in
 * order. Turns are deliberate, so the first turns seen must be the asked ones:
 * shaking the head both ways cannot answer every challenge. Blinks also
 * happen unasked, so extra blinks are ignored.
 */
export function judgeChallenge(
  steps: ChallengeStep[],
  observations: FrameObservation[],
  thresholds: LivenessThresholds,
): ChallengeVerdict {
  const events = motionEvents(observations, thresholds);
  const completedAt = matchInOrder(steps, events);
  const askedTurns = steps.filter(isTurn);
  const firstTurnsSeen = events
    .filter((event) => isTurn(event.kind))
    .slice(0, askedTurns.length)
    .map((event) => event.kind);
  const verdict = (failure?: LivenessFailure): ChallengeVerdict =>
    failure ? { passed: false, failure, completedAt, events } : { passed: true, completedAt, events };

  if (firstTurnsSeen.some((kind, i) => kind !== askedTurns[i])) return verdict('wrong_motion');
  if (completedAt.every((frame) => frame !== null)) return verdict();
  const everyStepSeen = steps.every((step) => events.some((event) => event.kind === step));
  return verdict(everyStepSeen ? 'wrong_order' : 'motion_missing');
}
