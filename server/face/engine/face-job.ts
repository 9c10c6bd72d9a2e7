import type { AnalyseOptions } from './face-findings.js';
import type { ImageLimits } from './image-limits.js';

/** What the face worker is asked to do with one encoded picture. */
export interface FaceJob {
  bytes: Uint8Array;
  limits: ImageLimits;
  options: AnalyseOptions;
}
