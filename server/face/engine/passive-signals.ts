import type * as Tfjs from '@tensorflow/tfjs';
import type { PassiveSignalName } from '../../../shared/contracts/face-events.js';
import { signalCrop, signalScore, type FaceBox } from '../rules/passive-signals.js';
import { loadPackagedGraphModel } from './packaged-models.js';
import type { RgbImage } from './rgb-image.js';

/**
 * The two models and their inputs, as their model.json files declare them:
 * antispoof 128×128 RGB (from a Kaggle "fake face detection" model, one
 * sigmoid out), liveness 32×32 RGB (LivenessNet, two-way softmax out). Both
 * take pixel values scaled to [0, 1].
 */
const MODELS: Record<PassiveSignalName, { file: string; inputSize: number }> = {
  antispoof: { file: 'antispoof', inputSize: 128 },
  liveness: { file: 'liveness', inputSize: 32 },
};

/** Per face: each signal's score in [0, 1] (null when the model gave none) and the time both took. */
export type PassiveSignalScores = Record<PassiveSignalName, number | null> & { elapsedMs: number };

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
      loadPackagedGraphModel(tf, MODELS.antispoof.file),
      loadPackagedGraphModel(tf, MODELS.liveness.file),
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
