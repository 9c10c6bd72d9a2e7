import type {
  FaceFrameScore,
  PassiveSignalSummary,
  PassiveSignalsView,
} from '../../../shared/contracts/face-events.js';

/**
 * Passive presentation-attack signals: two small classifiers from
 * @vladmandic/human look at the face crop of each match frame. They are
 * advisory only: nothing here was calibrated on captures that hold both live
 * faces and attacks, so no score decides a check (README, "Passive signals").
 */

/**
 * How far the crop reaches beyond the detector's face box, as the Human
 * library feeds these models: its face detector's box grown 1.4× about its
 * centre and made square on its longer side.
 */
export const SIGNAL_CROP_SCALE = 1.4;

/**
 * Every how many admitted frames the signals are scored: every other one.
 * They are advisory, and the check's verdict waits for its frames' analyses;
 * half the frames, spread over the whole challenge, still give a median,
 * at half the cost on a saturated machine.
 */
export const PASSIVE_SIGNAL_STRIDE = 2;

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A crop as tf.image.cropAndResize takes it: [top, left, bottom, right], as fractions of the picture. */
export type NormalisedCrop = [number, number, number, number];

/**
 * The square around a face that the signals look at. Not clipped: a face at
 * the picture's edge is padded with black outside it, as the models saw in training.
 */
export function signalCrop(
  face: FaceBox,
  width: number,
  height: number,
  scale = SIGNAL_CROP_SCALE,
): NormalisedCrop {
  const side = Math.max(face.width, face.height) * scale;
  const centreX = face.x + face.width / 2;
  const centreY = face.y + face.height / 2;
  return [
    (centreY - side / 2) / height,
    (centreX - side / 2) / width,
    (centreY + side / 2) / height,
    (centreX + side / 2) / width,
  ];
}

/**
 * A model's output as a score in [0, 1], higher meaning "more like a live
 * face" as the library names them (`real`, `live`). The anti-spoofing model
 * ends in one sigmoid; the liveness model in a two-way softmax whose first
 * value the library reads. A value that is not a number gives no score.
 */
export function signalScore(output: ArrayLike<number>): number | null {
  const value = output[0];
  if (value === undefined || !Number.isFinite(value)) return null;
  return Math.min(1, Math.max(0, value));
}

/** Over a check's frames: the median (what a typical frame said), the lowest, and how many frames had a score. */
export function summariseSignal(scores: readonly (number | null | undefined)[]): PassiveSignalSummary | null {
  const known = scores
    .filter((s): s is number => typeof s === 'number' && Number.isFinite(s))
    .sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = Math.floor(known.length / 2);
  const median = known.length % 2 === 1 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
  return { median, lowest: known[0]!, frames: known.length };
}

/** Both signals over a check's frame scores, as the teller, the timeline and the record show them. */
export function passiveSignalsOf(frames: readonly FaceFrameScore[]): PassiveSignalsView {
  return {
    antispoof: summariseSignal(frames.map((f) => f.antispoof)),
    liveness: summariseSignal(frames.map((f) => f.liveness)),
  };
}
