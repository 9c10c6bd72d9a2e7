import type { FaceFrameScore } from '../../shared/contracts/face-events.js';
import { descriptorDistance } from '../domain/face/descriptor-distance.js';
import { eyeAspectRatio } from '../domain/face/eye-aspect-ratio.js';
import type { AnalysedFrame } from '../domain/face/face-check-verdict.js';
import { headYaw } from '../domain/face/head-yaw.js';
import type { FaceEngine } from '../face/face-engine.js';
import type { ImageAnalysis } from '../face/face-findings.js';

/** A frame admitted into a check, with its analyses under way. */
interface AdmittedFrame {
  seq: number;
  sha256: string;
  bytes: Uint8Array;
  /** The tiny detector's findings; null when the frame could not be decoded. */
  landmarks: Promise<ImageAnalysis | null>;
  /** The ssd detector with descriptors, on the frames used for the match. */
  match?: Promise<ImageAnalysis | null>;
}

export interface FramesAnalysis {
  frames: AnalysedFrame[];
  scores: FaceFrameScore[];
  /** The live face of the closest matched frame. */
  thumbnail: Uint8Array | null;
}

const yawOf = (analysis: ImageAnalysis | null): number | null =>
  analysis?.faces.length === 1 ? headYaw(analysis.faces[0]!.landmarks) : null;

/**
 * Analyses a check's frames as they arrive, so that by the last frame most
 * of the work is done and the check is judged soon after it: landmarks on
 * every frame (tiny detector), and the surer ssd detector with descriptors on
 * the first `matchFrames` frontal ones, which is where a match is meaningful.
 */
export class FrameAnalyser {
  readonly #frames: AdmittedFrame[] = [];
  #matching = 0;

  constructor(
    private readonly engine: FaceEngine,
    private readonly matchFrames: number,
    /** |yaw| under which a frame is frontal enough to match. */
    private readonly frontalYaw: number,
  ) {}

  get count(): number {
    return this.#frames.length;
  }

  get hashes(): { seq: number; sha256: string }[] {
    return this.#frames.map(({ seq, sha256 }) => ({ seq, sha256 }));
  }

  admit(frame: { seq: number; sha256: string; bytes: Uint8Array }): void {
    const landmarks = this.engine
      .analyse(frame.bytes, { detector: 'tiny', descriptors: false })
      .catch(() => null);
    const admitted: AdmittedFrame = { ...frame, landmarks };
    this.#frames.push(admitted);
    void landmarks.then((analysis) => {
      const yaw = yawOf(analysis);
      if (yaw !== null && Math.abs(yaw) < this.frontalYaw && this.#matching < this.matchFrames) {
        this.#startMatch(admitted);
      }
    });
  }

  /** Everything found, once every frame's analysis is done; `reference` is the reference photo's descriptor. */
  async result(reference: Float32Array): Promise<FramesAnalysis> {
    const found = await Promise.all(this.#frames.map((f) => f.landmarks));
    const frames: AnalysedFrame[] = found.map((analysis) => {
      const faces = analysis?.faces ?? [];
      if (faces.length !== 1) return { faceCount: faces.length };
      const { landmarks } = faces[0]!;
      return { faceCount: 1, yaw: headYaw(landmarks), eyeAspectRatio: eyeAspectRatio(landmarks) };
    });
    // Too few frontal frames: the most frontal of the others make up the number.
    frames
      .map((frame, index) => ({ frame, admitted: this.#frames[index]! }))
      .filter(({ frame, admitted }) => frame.faceCount === 1 && !admitted.match)
      .sort((a, b) => Math.abs(a.frame.yaw!) - Math.abs(b.frame.yaw!))
      .slice(0, Math.max(0, this.matchFrames - this.#matching))
      .forEach(({ admitted }) => this.#startMatch(admitted));

    let thumbnail: Uint8Array | null = null;
    let closest = Number.POSITIVE_INFINITY;
    await Promise.all(
      this.#frames.map(async (admitted, index) => {
        const analysis = admitted.match && (await admitted.match);
        const faces = analysis?.faces ?? [];
        const frame = frames[index]!;
        // A second person the tiny detector missed still fails the check.
        if (faces.length > 1) frame.faceCount = Math.max(frame.faceCount, faces.length);
        if (faces.length !== 1 || !faces[0]!.descriptor) return;
        frame.distance = descriptorDistance(reference, faces[0]!.descriptor);
        if (frame.distance < closest && analysis?.thumbnail) {
          closest = frame.distance;
          thumbnail = analysis.thumbnail;
        }
      }),
    );
    const scores = frames.map(
      (frame, i): FaceFrameScore => ({
        seq: this.#frames[i]!.seq,
        sha256: this.#frames[i]!.sha256,
        faces: frame.faceCount,
        yaw: frame.yaw ?? null,
        eyeAspectRatio: frame.eyeAspectRatio ?? null,
        distance: frame.distance ?? null,
      }),
    );
    return { frames, scores, thumbnail };
  }

  #startMatch(frame: AdmittedFrame): void {
    this.#matching++;
    frame.match = this.engine
      .analyse(frame.bytes, { detector: 'ssd', descriptors: true, thumbnail: true })
      .catch(() => null);
  }
}
