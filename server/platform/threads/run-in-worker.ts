import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { ErrorCode } from '../../../shared/contracts/errors.js';
import { AppError } from '../errors.js';

/** Worker threads get neither tsx's --import nor vitest's transform: this entry registers tsx first. */
const TS_WORKER_ENTRY = new URL('./ts-worker-entry.mjs', import.meta.url);

type Outcome<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

/**
 * Runs one job in a thread of its own and resolves with what it posts: for
 * work long enough (a whole audit chain, a PDF's signature) that doing it on
 * the main thread would stall signalling. The thread ends with the job.
 */
export function runInWorker<T>(script: URL, data: unknown): Promise<T> {
  const worker = script.pathname.endsWith('.ts')
    ? new Worker(TS_WORKER_ENTRY, { workerData: { job: data, tsEntry: script.href } })
    : new Worker(script, { workerData: { job: data } });
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (outcome: Outcome<T>) => {
      if (outcome.ok) resolve(outcome.result);
      else reject(new AppError(outcome.error.code as ErrorCode, outcome.error.message));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new AppError('internal', `the worker exited with code ${code}`)));
  });
}

/** Inside the thread: runs `job` on the data the main thread gave and posts its result (or its error). */
export async function serveJob<D, T>(job: (data: D) => T | Promise<T>): Promise<void> {
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, result: await job((workerData as { job: D }).job) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    outcome = {
      ok: false,
      error: {
        code: error instanceof AppError && typeof code === 'string' ? code : 'internal',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
  parentPort?.postMessage(outcome);
}
