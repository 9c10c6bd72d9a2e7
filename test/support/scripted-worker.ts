/**
 * A stand-in worker for ThreadPool tests: doubles numbers, replies with an
 * error for -1, dies on -2, and with SCRIPTED_WORKER_FAIL_SETUP never gets ready.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { JobMessage, WorkerMessage } from '../../server/face/engine/worker-protocol.js';

const port = parentPort!;
if ((workerData as { failSetup?: boolean } | undefined)?.failSetup) process.exit(3);

port.on('message', async ({ id, request }: JobMessage<number>) => {
  if (request === -2) process.exit(1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const reply: WorkerMessage<number> =
    request === -1
      ? { kind: 'reply', id, ok: false, error: { code: 'image_type', message: 'scripted failure' } }
      : { kind: 'reply', id, ok: true, result: request * 2 };
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies WorkerMessage<number>);
