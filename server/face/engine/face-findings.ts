import type { Point } from '../rules/landmarks.js';
import type { Box } from './rgb-image.js';
import type { PassiveSignalScores } from './passive-signals.js';

/** Which detector finds the faces: ssd is slower and surer, tiny is for many frames. */
export type FaceDetector = 'ssd' | 'tiny';

export interface AnalyseOptions {
  detector: FaceDetector;
  /** Compute the 128-d descriptor of every face (the expensive part after detection). */
  descriptors: boolean;
  /** Return a small JPEG of the face when exactly one was found. */
  thumbnail: boolean;
  /** When no face is found, look again with a border around the picture (rules/tight-crop.ts). */
  tightCropRetry: boolean;
  /** Score the passive presentation-attack signals when exactly one face was found (advisory). */
  passiveSignals?: boolean;
}

export interface FaceFinding {
  score: number;
  box: Box;
  landmarks: Point[];
  /** Present when descriptors were asked for. */
  descriptor?: Float32Array;
}

export interface ImageAnalysis {
  width: number;
  height: number;
  /** Mean luma, 0–255: says whether a picture without a face was simply too dark. */
  meanLuma: number;
  faces: FaceFinding[];
  thumbnail?: Uint8Array;
  /** The one face's passive signals, when asked for (engine/passive-signals.ts). */
  passiveSignals?: PassiveSignalScores;
}
