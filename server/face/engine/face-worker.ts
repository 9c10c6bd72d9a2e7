/**
 * Worker-thread entry: loads the models once, then analyses one picture per
 * job. Decoding happens here too, so the main thread never spends CPU on pixels.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorBody } from '../../platform/errors.js';
import { FaceAnalyzer } from './face-analyzer.js';
import type { FaceJob } from './face-job.js';
import type { ImageAnalysis } from './face-findings.js';
import { loadFaceRuntime } from './face-runtime.js';
import { decodeImage } from './image-decoder.js';
import type { JobMessage, WorkerMessage } from './worker-protocol.js';

if (!parentPort) throw new Error('face-worker.ts runs only as a worker thread');
const port = parentPort;
const analyzer = new FaceAnalyzer(await loadFaceRuntime());

port.on('message', async ({ id, request }: JobMessage<FaceJob>) => {
  let reply: WorkerMessage<ImageAnalysis>;
  try {
    const image = await decodeImage(request.bytes, request.limits);
    reply = { kind: 'reply', id, ok: true, result: await analyzer.analyse(image, request.options) };
  } catch (error) {
    reply = { kind: 'reply', id, ok: false, error: toErrorBody(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies WorkerMessage<ImageAnalysis>);
