import type { ChallengeStep } from './challenge.js';
import type { LivenessThresholds } from './liveness-thresholds.js';

/** What the landmarks of one frame said; null when the frame had no single usable face. */
export type FrameObservation = { yaw: number; eyeAspectRatio: number } | null;

export interface MotionEvent {
  kind: ChallengeStep;
  /** Index of the frame where the motion was first seen. */
  frame: number;
}

/** 'unknown' until the first frame that is clearly turned or clearly frontal. */
type Pose = 'unknown' | 'frontal' | 'turn-left' | 'turn-right';

function nextPose(previous: Pose, yaw: number, t: LivenessThresholds): Pose {
  if (yaw >= t.turnYaw) return 'turn-left';
  if (yaw <= -t.turnYaw) return 'turn-right';
  if (Math.abs(yaw) < t.frontalYaw) return 'frontal';
  return previous;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A turn is entering a turned pose from another known pose. A head already
 * turned in the first frame is not a turn: a still photo of a turned head
 * must not answer "turn left".
 */
function turnEvents(observations: FrameObservation[], t: LivenessThresholds): MotionEvent[] {
  const events: MotionEvent[] = [];
  let pose: Pose = 'unknown';
  observations.forEach((observation, frame) => {
    if (!observation) return;
    const next = nextPose(pose, observation.yaw, t);
    if (next !== pose && pose !== 'unknown' && (next === 'turn-left' || next === 'turn-right')) {
      events.push({ kind: next, frame });
    }
    pose = next;
  });
  return events;
}

/**
 * A blink is open → shut → open. Turned frames are left out: the landmark net
 * squeezes the far eye when the head turns, which would read as a shut eye.
 */
function blinkEvents(observations: FrameObservation[], t: LivenessThresholds): MotionEvent[] {
  const frontal = observations
    .map((observation, frame) => ({ observation, frame }))
    .filter(({ observation }) => observation && Math.abs(observation.yaw) < t.turnYaw);
  if (frontal.length < 3) return [];
  const baseline = median(frontal.map(({ observation }) => observation!.eyeAspectRatio));
  const events: MotionEvent[] = [];
  let state: 'unknown' | 'open' | 'shut' = 'unknown';
  let shutAt = -1;
  for (const { observation, frame } of frontal) {
    const ratio = observation!.eyeAspectRatio;
    if (ratio >= baseline * t.openEyeRatio) {
      if (state === 'shut') events.push({ kind: 'blink', frame: shutAt });
      state = 'open';
    } else if (ratio <= baseline * t.closedEyeRatio && state === 'open') {
      state = 'shut';
      shutAt = frame;
    }
  }
  return events;
}

/** Every turn and blink seen across the frames, in frame order. */
export function motionEvents(observations: FrameObservation[], t: LivenessThresholds): MotionEvent[] {
  return [...turnEvents(observations, t), ...blinkEvents(observations, t)].sort((a, b) => a.frame - b.frame);
}
