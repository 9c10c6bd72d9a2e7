import type { FaceFrameScore } from '../../shared/contracts/face-events.js';
import { descriptorDistance } from '../domain/face/descriptor-distance.js';
import { eyeAspectRatio } from '../domain/face/eye-aspect-ratio.js';
import type { AnalysedFrame } from '../domain/face/face-check-verdict.js';
import { headYaw } from '../domain/face/head-yaw.js';
import type { FaceEngine } from '../face/face-engine.js';
import type { ImageAnalysis } from '../face/face-findings.js';

/** A frame admitted into a check, with its landmark pass already under way. */
export interface AdmittedFrame {
  seq: number;
  sha256: string;
  bytes: Uint8Array;
  receivedAt: number;
  /** The tiny detector's findings; null when the frame could not be decoded. */
  landmarks: Promise<ImageAnalysis | null>;
}

/**
 * Starts the landmark pass as the frame arrives, so that by the last frame
 * most of the work is done and the check is judged soon after it.
 */
export function admitForAnalysis(engine: FaceEngine, frame: Omit<AdmittedFrame, 'landmarks'>): AdmittedFrame {
  const landmarks = engine.analyse(frame.bytes, { detector: 'tiny', descriptors: false }).catch(() => null);
  return { ...frame, landmarks };
}

export interface FramesAnalysis {
  frames: AnalysedFrame[];
  scores: FaceFrameScore[];
  /** The live face of the closest matched frame. */
  thumbnail: Uint8Array | null;
}

/**
 * Landmarks on every frame (tiny detector); the surer ssd detector with
 * descriptors only on the `matchFrames` most frontal ones, which is where a
 * match is meaningful and keeps a check within about a second of its last frame.
 */
export async function analyseFrames(
  engine: FaceEngine,
  admitted: AdmittedFrame[],
  reference: Float32Array,
  matchFrames: number,
): Promise<FramesAnalysis> {
  const found = await Promise.all(admitted.map((f) => f.landmarks));
  const frames: AnalysedFrame[] = found.map((analysis) => {
    const faces = analysis?.faces ?? [];
    if (faces.length !== 1) return { faceCount: faces.length };
    const { landmarks } = faces[0]!;
    return { faceCount: 1, yaw: headYaw(landmarks), eyeAspectRatio: eyeAspectRatio(landmarks) };
  });
  const frontal = frames
    .map((frame, index) => ({ frame, index }))
    .filter(({ frame }) => frame.faceCount === 1)
    .sort((a, b) => Math.abs(a.frame.yaw!) - Math.abs(b.frame.yaw!))
    .slice(0, matchFrames);
  let thumbnail: Uint8Array | null = null;
  let closest = Number.POSITIVE_INFINITY;
  await Promise.all(
    frontal.map(async ({ frame, index }) => {
      const analysis = await engine
        .analyse(admitted[index]!.bytes, { detector: 'ssd', descriptors: true, thumbnail: true })
        .catch(() => null);
      const faces = analysis?.faces ?? [];
      // A second person the tiny detector missed still fails the check.
      if (faces.length > 1) frame.faceCount = faces.length;
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
      seq: admitted[i]!.seq,
      sha256: admitted[i]!.sha256,
      faces: frame.faceCount,
      yaw: frame.yaw ?? null,
      eyeAspectRatio: frame.eyeAspectRatio ?? null,
      distance: frame.distance ?? null,
    }),
  );
  return { frames, scores, thumbnail };
}
