import { AppError } from '../../platform/errors.js';
import type { FaceJob } from './face-job.js';
import type { AnalyseOptions, FaceFinding, ImageAnalysis } from './face-findings.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image-limits.js';
import { checkImageBytes } from './image-type.js';
import { ThreadPool } from './thread-pool.js';
import { noFaceReason, type NoFaceReason } from '../rules/no-face-reason.js';

const NO_FACE_MESSAGES: Record<NoFaceReason, string> = {
  face_too_small: 'the photo is too small to show a face',
  face_too_dark: 'the photo is too dark to show a face',
  face_none: 'no face was found in the image',
};

export interface FaceEngineOptions {
  /** Worker threads; each loads its own copy of the models (about 100 MB). */
  workers: number;
  limits?: ImageLimits;
}

/** A single face with its descriptor, as the reference photo and match frames need. */
export type SingleFace = Required<FaceFinding> & { thumbnail: Uint8Array };

const DEFAULT_ANALYSE: AnalyseOptions = {
  detector: 'ssd',
  descriptors: true,
  thumbnail: false,
  tightCropRetry: false,
};

/**
 * The main thread's handle on face inference. Everything heavy (decoding,
 * detection, landmarks, descriptors) runs in the worker pool so the event loop
 * keeps serving sockets while a check runs.
 */
export class FaceEngine {
  private readonly pool: ThreadPool<FaceJob, ImageAnalysis>;
  private readonly limits: ImageLimits;

  constructor(options: FaceEngineOptions) {
    this.limits = options.limits ?? DEFAULT_IMAGE_LIMITS;
    this.pool = new ThreadPool({
      script: new URL('./face-worker.ts', import.meta.url),
      size: options.workers,
    });
  }

  /** Resolves when every worker has its models loaded. */
  ready(): Promise<void> {
    return this.pool.whenReady();
  }

  /** Every face in a JPEG or PNG, with 68 landmarks and (by default) descriptors. */
  analyse(bytes: Uint8Array, options: Partial<AnalyseOptions> = {}): Promise<ImageAnalysis> {
    // Cheap checks here, so a wrong upload fails without waiting in the queue.
    checkImageBytes(bytes, this.limits);
    const copy = bytes.slice();
    const job: FaceJob = { bytes: copy, limits: this.limits, options: { ...DEFAULT_ANALYSE, ...options } };
    return this.pool.run(job, [copy.buffer as ArrayBuffer]);
  }

  /**
   * Exactly one face, with descriptor and thumbnail; for the reference photo
   * and frames that are matched. Throws face_multiple, or why no face was found
   * (face_too_small, face_too_dark, face_none).
   */
  async singleFace(bytes: Uint8Array, detector: AnalyseOptions['detector'] = 'ssd'): Promise<SingleFace> {
    const analysis = await this.analyse(bytes, {
      detector,
      descriptors: true,
      thumbnail: true,
      // Reference photos (ssd) are often ID-style crops; camera frames (tiny) never are.
      tightCropRetry: detector === 'ssd',
    });
    if (analysis.faces.length === 0) {
      const reason = noFaceReason(analysis);
      throw new AppError(reason, NO_FACE_MESSAGES[reason]);
    }
    if (analysis.faces.length > 1) {
      throw new AppError('face_multiple', `${analysis.faces.length} faces were found; exactly one is needed`);
    }
    const face = analysis.faces[0]!;
    return { ...face, descriptor: face.descriptor!, thumbnail: analysis.thumbnail! };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
