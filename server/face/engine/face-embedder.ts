import type * as Tfjs from '@tensorflow/tfjs';
import { cropToPicture, faceCrop, type CropGeometry } from '../rules/face-alignment.js';
import type { Landmarks68 } from '../rules/landmarks.js';
import { loadPackagedGraphModel } from './packaged-models.js';
import { sampleSquare, type RgbImage } from './rgb-image.js';

/** A descriptor model of @vladmandic/human(-models) and how a face is shown to it. */
export interface EmbedderSpec {
  /** models/<file>.json and its weights. */
  file: string;
  /** The embedding's node when it is not among the graph's default outputs (faceres: its age and gender heads). */
  output?: string;
  /** Input side in pixels. */
  size: number;
  /** What the 0–255 RGB values are multiplied by. */
  scale: number;
  geometry: CropGeometry;
}

/**
 * A face descriptor from one of those models: the face cut out along its
 * landmarks (rules/face-alignment.ts) and passed through the model. Returned
 * with unit length, so the Euclidean distance between two is in 0–2.
 */
export class FaceEmbedder {
  private constructor(
    private readonly tf: typeof Tfjs,
    private readonly model: Tfjs.GraphModel,
    private readonly spec: EmbedderSpec,
  ) {}

  static async load(tf: typeof Tfjs, spec: EmbedderSpec, dir?: string): Promise<FaceEmbedder> {
    return new FaceEmbedder(tf, await loadPackagedGraphModel(tf, spec.file, dir), spec);
  }

  embed(image: RgbImage, landmarks: Landmarks68): Float32Array {
    const { size, geometry, output, scale } = this.spec;
    const crop = faceCrop(landmarks, geometry);
    const pixels = sampleSquare(image, size, (u, v) => cropToPicture(crop, size, u, v));
    const values = this.tf.tidy(() => {
      const input = this.tf.tensor4d(pixels, [1, size, size, 3]).mul(scale);
      const raw = this.model.execute(input, output) as Tfjs.Tensor;
      return raw.div(raw.norm()).dataSync() as Float32Array;
    });
    return Float32Array.from(values);
  }
}
