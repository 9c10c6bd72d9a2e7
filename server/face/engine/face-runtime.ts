import { createRequire } from 'node:module';
import path from 'node:path';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type * as Tfjs from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** Weights ship inside the npm package; nothing is fetched from the network. */
export const MODEL_DIR = path.join(packageDir('@vladmandic/face-api'), 'model');
export const WASM_DIR = path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist') + path.sep;

/**
 * Starts tfjs on the wasm backend with the binaries from node_modules and
 * loads the four nets. Single-threaded wasm: parallelism comes from the
 * worker pool, one inference per thread, so threads do not fight for cores.
 */
export async function loadFaceRuntime(): Promise<typeof faceapi> {
  // face-api's typings narrow its tf re-export; at run time it is the whole @tensorflow/tfjs.
  const tf = faceapi.tf as unknown as typeof Tfjs;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(WASM_DIR);
  await tf.setBackend('wasm');
  await tf.ready();
  await Promise.all([
    faceapi.nets.ssdMobilenetv1.loadFromDisk(MODEL_DIR),
    faceapi.nets.tinyFaceDetector.loadFromDisk(MODEL_DIR),
    faceapi.nets.faceLandmark68Net.loadFromDisk(MODEL_DIR),
    faceapi.nets.faceRecognitionNet.loadFromDisk(MODEL_DIR),
  ]);
  return faceapi;
}
