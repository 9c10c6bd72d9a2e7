/**
 * Worker-thread entry: loads the models once, then analyses one picture per
 * job. Decoding happens here too, so the main thread never spends CPU on pixels.
 */
import { parentPort } from 'node:worker_threads';
import type * as Tfjs from '@tensorflow/tfjs';
import { toErrorBody } from '../../platform/errors.js';
import { FaceAnalyzer } from './face-analyzer.js';
import type { FaceJob } from './face-job.js';
import type { ImageAnalysis } from './face-findings.js';
import { loadFaceRuntime } from './face-runtime.js';
import { decodeImage } from './image-decoder.js';
import { PassiveSignals } from './passive-signals.js';
import type { JobMessage, WorkerMessage } from './worker-protocol.js';

if (!parentPort) throw new Error('face-worker.ts runs only as a worker thread');
const port = parentPort;
const faceapi = await loadFaceRuntime();
const analyzer = new FaceAnalyzer(faceapi);
// face-api's typings narrow its tf re-export; at run time it is the whole @tensorflow/tfjs.
const passiveSignals = await PassiveSignals.load(faceapi.tf as unknown as typeof Tfjs);

/** Detection and the rest, then the passive signals of a single face when the job asks for them. */
async function analyse(request: FaceJob): Promise<ImageAnalysis> {
  const image = await decodeImage(request.bytes, request.limits);
  const analysis = await analyzer.analyse(image, request.options);
  const face = analysis.faces.length === 1 ? analysis.faces[0]! : undefined;
  if (request.options.passiveSignals && face) {
    // Advisory: a failure here leaves the frame without signals, never without its analysis.
    analysis.passiveSignals = await passiveSignals.score(image, face.box).catch(() => undefined);
  }
  return analysis;
}

port.on('message', async ({ id, request }: JobMessage<FaceJob>) => {
  let reply: WorkerMessage<ImageAnalysis>;
  try {
    reply = { kind: 'reply', id, ok: true, result: await analyse(request) };
  } catch (error) {
    reply = { kind: 'reply', id, ok: false, error: toErrorBody(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies WorkerMessage<ImageAnalysis>);
