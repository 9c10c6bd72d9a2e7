import { parentPort, Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../../shared/contracts/errors.js';
import { AppError } from '../errors.js';

/** Worker threads get neither tsx's --import nor vitest's transform: this entry registers tsx first. */
const TS_WORKER_ENTRY = new URL('./ts-worker-entry.mjs', import.meta.url);

type Outcome<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };
interface Job<T> {
  resolve: (result: T) => void;
  reject: (error: Error) => void;
}

/**
 * One thread of its own for work long enough (a whole audit chain, a PDF's
 * signature) that doing it on the main thread would stall signalling. Started
 * at the first job and kept for the next ones (starting a thread that loads
 * TypeScript costs more than most jobs); jobs run one at a time, in order. A
 * thread that dies fails its jobs and is started again by the next one.
 */
export class JobThread<D, T> {
  #worker: Worker | undefined;
  readonly #jobs = new Map<number, Job<T>>();
  #nextId = 0;

  constructor(private readonly script: URL) {}

  run(data: D): Promise<T> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#jobs.set(id, { resolve, reject });
      // While a job is under way the thread keeps the process alive; idle, it does not.
      worker.ref();
      worker.postMessage({ id, data });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #start(): Worker {
    const worker = this.script.pathname.endsWith('.ts')
      ? new Worker(TS_WORKER_ENTRY, { workerData: { tsEntry: this.script.href } })
      : new Worker(this.script);
    worker.unref();
    worker.on('message', ({ id, outcome }: { id: number; outcome: Outcome<T> }) => {
      const job = this.#jobs.get(id);
      this.#jobs.delete(id);
      if (this.#jobs.size === 0) worker.unref();
      if (!job) return;
      if (outcome.ok) job.resolve(outcome.result);
      else job.reject(new AppError(outcome.error.code as ErrorCode, outcome.error.message));
    });
    const died = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const job of this.#jobs.values()) job.reject(error);
      this.#jobs.clear();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new AppError('internal', `the worker thread exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }
}

/** Inside the thread: answers every job the main thread posts with `job`'s result (or its error). */
export function serveJobs<D, T>(job: (data: D) => T | Promise<T>): void {
  parentPort?.on('message', ({ id, data }: { id: number; data: D }) => {
    void (async () => {
      let outcome: Outcome<T>;
      try {
        outcome = { ok: true, result: await job(data) };
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
      parentPort?.postMessage({ id, outcome });
    })();
  });
}
