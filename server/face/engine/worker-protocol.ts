import type { ErrorBody } from '../../../shared/contracts/errors.js';

/** Pool → worker: one job. */
export interface JobMessage<Request> {
  id: number;
  request: Request;
}

/** Worker → pool: ready once its setup is done, then one reply per job. */
export type WorkerMessage<Result> =
  | { kind: 'ready' }
  | { kind: 'reply'; id: number; ok: true; result: Result }
  | { kind: 'reply'; id: number; ok: false; error: ErrorBody };
