import type { ChallengeStep } from './challenge.js';
import { judgeChallenge, type ChallengeVerdict, type LivenessFailure } from './challenge-judge.js';
import type { LivenessThresholds } from './liveness-thresholds.js';
import { matchOutcome, type MatchOutcome, type MatchPolicy } from './match-outcome.js';
import type { FrameObservation } from './motion-events.js';

/** What the engine found in one admitted frame. */
export interface AnalysedFrame {
  faceCount: number;
  /** Set when exactly one face was found. */
  yaw?: number;
  eyeAspectRatio?: number;
  /** Descriptor distance to the reference, for the frames that were matched. */
  distance?: number;
}

export type FaceCheckReason = 'multiple_faces' | 'too_few_faces' | 'no_match' | LivenessFailure;

export interface FaceCheckVerdict {
  outcome: 'pass' | 'fail' | 'review';
  reasons: FaceCheckReason[];
  /** Mean of the best frames' distances; null when no frame was matched. */
  distance: number | null;
  match: MatchOutcome;
  liveness: ChallengeVerdict;
}

export interface FaceCheckRules {
  match: MatchPolicy;
  liveness: LivenessThresholds;
  /** Frames with exactly one face needed to judge at all. */
  minFaceFrames: number;
  /** How many of the closest frames the distance is averaged over. */
  bestFrames: number;
}

function bestDistance(frames: AnalysedFrame[], count: number): number | null {
  const distances = frames
    .flatMap((f) => (f.faceCount === 1 && f.distance !== undefined ? [f.distance] : []))
    .sort((a, b) => a - b)
    .slice(0, count);
  return distances.length ? distances.reduce((sum, d) => sum + d, 0) / distances.length : null;
}

const observationOf = (frame: AnalysedFrame): FrameObservation =>
  frame.faceCount === 1 && frame.yaw !== undefined && frame.eyeAspectRatio !== undefined
    ? { yaw: frame.yaw, eyeAspectRatio: frame.eyeAspectRatio }
    : null;

/**
 * The whole check: one face per frame (a second person in view fails it), the
 * face matches the reference on its best frames, and the challenge was done.
 * A match in the review band with the challenge done is the teller's call.
 */
export function judgeFaceCheck(
  steps: ChallengeStep[],
  frames: AnalysedFrame[],
  rules: FaceCheckRules,
): FaceCheckVerdict {
  const reasons: FaceCheckReason[] = [];
  if (frames.some((f) => f.faceCount > 1)) reasons.push('multiple_faces');
  if (frames.filter((f) => f.faceCount === 1).length < rules.minFaceFrames) reasons.push('too_few_faces');
  const distance = bestDistance(frames, rules.bestFrames);
  const match = distance === null ? 'no-match' : matchOutcome(distance, rules.match);
  if (match === 'no-match') reasons.push('no_match');
  const liveness = judgeChallenge(steps, frames.map(observationOf), rules.liveness);
  if (liveness.failure) reasons.push(liveness.failure);
  const outcome = reasons.length > 0 ? 'fail' : match === 'review' ? 'review' : 'pass';
  return { outcome, reasons, distance, match, liveness };
}
