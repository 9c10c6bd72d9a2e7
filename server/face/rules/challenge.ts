import { FACE_CHALLENGE_STEPS, type FaceChallengeStep } from '../../../shared/contracts/face-events.js';

export const CHALLENGE_STEPS = FACE_CHALLENGE_STEPS;
/** Turns are the subject's own left and right, whatever the preview mirrors. */
export type ChallengeStep = FaceChallengeStep;

export const CHALLENGE_LENGTH = 2;

/**
 * Two different steps in a random order. `random` returns [0, 1) like
 * Math.random; production passes a cryptographic source so a customer cannot
 * predict the sequence and pre-record it.
 */
export function pickChallenge(random: () => number): ChallengeStep[] {
  const remaining: ChallengeStep[] = [...CHALLENGE_STEPS];
  const picked: ChallengeStep[] = [];
  while (picked.length < CHALLENGE_LENGTH) {
    const index = Math.min(remaining.length - 1, Math.floor(random() * remaining.length));
    picked.push(...remaining.splice(index, 1));
  }
  return picked;
}
