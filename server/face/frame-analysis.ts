import type { FaceFrameScore } from '../../shared/contracts/face-events.js';
import { descriptorDistance } from './rules/descriptor-distance.js';
import { eyeAspectRatio } from './rules/eye-aspect-ratio.js';
import type { AnalysedFrame } from './rules/face-check-verdict.js';
import { headYaw } from './rules/head-yaw.js';
import { PASSIVE_SIGNAL_STRIDE } from './rules/passive-signals.js';
import type { FaceEngine } from './engine/face-engine.js';
import type { ImageAnalysis } from './engine/face-findings.js';

/** A frame admitted into a check, with its analysis under way. */
interface AdmittedFrame {
  seq: number;
  sha256: string;
  bytes: Uint8Array;
  /** Tiny detector, landmarks and descriptor; null when the frame could not be decoded. */
  analysis: Promise<ImageAnalysis | null>;
}

export interface FramesAnalysis {
  frames: AnalysedFrame[];
  scores: FaceFrameScore[];
  /** The live face of the closest matched frame. */
  thumbnail: Uint8Array | null;
}

/** A frame's advisory passive signals; none for a frame without exactly one face. */
const passiveScores = (analysis: ImageAnalysis | null | undefined) => ({
  antispoof: analysis?.passiveSignals?.antispoof ?? null,
  liveness: analysis?.passiveSignals?.liveness ?? null,
});

const singleFace = (analysis: ImageAnalysis | null) =>
  analysis?.faces.length === 1 ? analysis.faces[0]! : undefined;

/**
 * Analyses a check's frames as they arrive, so that when the last one comes
 * only its own analysis is left before the check is judged. Every frame goes
 * through the tiny detector with landmarks (the challenge) and a descriptor
 * (the match): on the calibration fixtures its descriptors separate people as
 * well as the ssd detector's, at about a quarter of the cost. One frontal frame also
 * goes through the ssd detector, which finds a second person in view that the
 * tiny one can miss; it is started as soon as such a frame is known, so it is
 * done long before the last frame.
 */
export class FrameAnalyser {
  readonly #frames: AdmittedFrame[] = [];
  #scan: { index: number; analysis: Promise<ImageAnalysis | null> } | undefined;

  constructor(
    private readonly engine: FaceEngine,
    /** |yaw| under which a frame is frontal enough for the second-person scan. */
    private readonly frontalYaw: number,
  ) {}

  get count(): number {
    return this.#frames.length;
  }

  get hashes(): { seq: number; sha256: string }[] {
    return this.#frames.map(({ seq, sha256 }) => ({ seq, sha256 }));
  }

  admit(frame: { seq: number; sha256: string; bytes: Uint8Array }): void {
    // Every frame is a match frame; the passive signals (advisory) come from the same job, on every other one.
    const passiveSignals = this.#frames.length % PASSIVE_SIGNAL_STRIDE === 0;
    const analysis = this.engine
      .analyse(frame.bytes, { detector: 'tiny', descriptors: true, thumbnail: true, passiveSignals })
      .catch(() => null);
    const index = this.#frames.push({ ...frame, analysis }) - 1;
    void analysis.then((found) => {
      const face = singleFace(found);
      if (face && Math.abs(headYaw(face.landmarks)) < this.frontalYaw) this.#startScan(index);
    });
  }

  /** Everything found, once every frame's analysis is done; `reference` is the reference photo's descriptor. */
  async result(reference: Float32Array): Promise<FramesAnalysis> {
    const found = await Promise.all(this.#frames.map((f) => f.analysis));
    // No frontal frame seen: the scan looks at the most frontal one there is.
    if (!this.#scan) {
      const candidates = found
        .map((analysis, index) => ({ face: singleFace(analysis), index }))
        .filter((c) => c.face)
        .sort((a, b) => Math.abs(headYaw(a.face!.landmarks)) - Math.abs(headYaw(b.face!.landmarks)));
      if (candidates[0]) this.#startScan(candidates[0].index);
    }
    const scanned = this.#scan && {
      index: this.#scan.index,
      faces: (await this.#scan.analysis)?.faces.length ?? 0,
    };

    let thumbnail: Uint8Array | null = null;
    let closest = Number.POSITIVE_INFINITY;
    const frames = found.map((analysis): AnalysedFrame => {
      const face = singleFace(analysis);
      if (!face) return { faceCount: analysis?.faces.length ?? 0 };
      const frame: AnalysedFrame = {
        faceCount: 1,
        yaw: headYaw(face.landmarks),
        eyeAspectRatio: eyeAspectRatio(face.landmarks),
      };
      if (face.descriptor) frame.distance = descriptorDistance(reference, face.descriptor);
      if (frame.distance !== undefined && frame.distance < closest && analysis?.thumbnail) {
        closest = frame.distance;
        thumbnail = analysis.thumbnail;
      }
      return frame;
    });
    // A second person the tiny detector missed still fails the check.
    if (scanned && scanned.faces > 1) frames[scanned.index] = { faceCount: scanned.faces };

    const scores = this.#frames.map(
      (admitted, i): FaceFrameScore => ({
        seq: admitted.seq,
        sha256: admitted.sha256,
        faces: frames[i]!.faceCount,
        yaw: frames[i]!.yaw ?? null,
        eyeAspectRatio: frames[i]!.eyeAspectRatio ?? null,
        distance: frames[i]!.distance ?? null,
        ...passiveScores(frames[i]!.faceCount === 1 ? found[i] : null),
      }),
    );
    return { frames, scores, thumbnail };
  }

  #startScan(index: number): void {
    this.#scan ??= {
      index,
      analysis: this.engine
        .analyse(this.#frames[index]!.bytes, { detector: 'ssd', descriptors: false })
        .catch(() => null),
    };
  }
}
