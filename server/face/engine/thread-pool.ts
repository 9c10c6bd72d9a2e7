import { Worker } from 'node:worker_threads';
import { AppError } from '../../platform/errors.js';
import type { JobMessage, WorkerMessage } from './worker-protocol.js';

interface PendingJob<Request, Result> {
  id: number;
  request: Request;
  transfer: ArrayBuffer[];
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

interface Slot<Request, Result> {
  worker: Worker;
  ready: boolean;
  job: PendingJob<Request, Result> | null;
}

export interface ThreadPoolOptions {
  /** The worker's module; a .ts file is run through tsx. */
  script: URL;
  size: number;
  /** Workers that die before reporting ready, in a row, before the pool gives up. */
  maxStartupFailures?: number;
  /** Handed to every worker as its workerData. */
  workerData?: Record<string, unknown>;
}

const TS_WORKER_ENTRY = new URL('../../platform/threads/ts-worker-entry.mjs', import.meta.url);

const engineFailure = (message: string) => new AppError('face_engine_failed', message);

/**
 * A fixed set of worker threads fed from one queue, one job per worker at a
 * time. A worker that dies fails only the job it was running and is replaced;
 * one that keeps dying during setup (say, missing model files) stops the pool.
 */
export class ThreadPool<Request, Result> {
  private readonly slots = new Set<Slot<Request, Result>>();
  private readonly queue: PendingJob<Request, Result>[] = [];
  private readonly readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private nextId = 1;
  private startupFailures = 0;
  private brokenBy: Error | null = null;
  private closed = false;

  constructor(private readonly options: ThreadPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError('pool size must be ≥ 1');
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  /** Runs one job; `transfer` lists buffers handed over to the worker (unusable here afterwards). */
  run(request: Request, transfer: ArrayBuffer[] = []): Promise<Result> {
    if (this.closed) return Promise.reject(engineFailure('the face engine is closed'));
    if (this.brokenBy) return Promise.reject(this.brokenBy);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Resolves once every worker has finished its setup (models loaded). */
  whenReady(): Promise<void> {
    if (this.brokenBy) return Promise.reject(this.brokenBy);
    if (this.allReady()) return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failQueued(engineFailure('the face engine is closed'));
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) slot.job?.reject(engineFailure('the face engine closed during the job'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private allReady(): boolean {
    return [...this.slots].every((slot) => slot.ready);
  }

  private spawn(): void {
    const { script, workerData = {} } = this.options;
    const worker = script.pathname.endsWith('.ts')
      ? new Worker(TS_WORKER_ENTRY, { workerData: { ...workerData, tsEntry: script.href } })
      : new Worker(script, { workerData });
    const slot: Slot<Request, Result> = { worker, ready: false, job: null };
    this.slots.add(slot);
    worker.on('message', (message: WorkerMessage<Result>) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onDeath(slot, `crashed: ${error.message}`));
    worker.on('exit', (code) => this.onDeath(slot, `exited with code ${code}`));
  }

  private onMessage(slot: Slot<Request, Result>, message: WorkerMessage<Result>): void {
    if (message.kind === 'ready') {
      slot.ready = true;
      this.startupFailures = 0;
      if (this.allReady()) this.readyWaiters.splice(0).forEach((waiter) => waiter.resolve());
    } else if (slot.job && message.id === slot.job.id) {
      const job = slot.job;
      slot.job = null;
      if (message.ok) job.resolve(message.result);
      else job.reject(new AppError(message.error.code, message.error.message));
    }
    this.dispatch();
  }

  /** 'error' and 'exit' both fire for one crash; the slot is handled once. */
  private onDeath(slot: Slot<Request, Result>, how: string): void {
    if (!this.slots.delete(slot)) return;
    slot.job?.reject(engineFailure(`the face worker ${how} while analysing an image`));
    if (this.closed) return;
    if (!slot.ready && ++this.startupFailures >= (this.options.maxStartupFailures ?? 3)) {
      this.brokenBy = engineFailure(`the face worker ${how} during setup, ${this.startupFailures} times`);
      const error = this.brokenBy;
      this.failQueued(error);
      this.readyWaiters.splice(0).forEach((waiter) => waiter.reject(error));
      return;
    }
    this.spawn();
  }

  private failQueued(error: Error): void {
    this.queue.splice(0).forEach((job) => job.reject(error));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      const message: JobMessage<Request> = { id: job.id, request: job.request };
      slot.worker.postMessage(message, job.transfer);
    }
  }
}
