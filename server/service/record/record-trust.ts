import type { RecordVerification } from '../../../shared/contracts/record-verification.js';
import { runInWorker } from '../../platform/threads/run-in-worker.js';

const WORKER = new URL('./record-verify-worker.ts', import.meta.url);

/**
 * Verifies a record sent to the server against the configured trust anchors,
 * in a worker thread: parsing a PDF of up to 10 MB never holds up signalling.
 */
export class RecordTrust {
  constructor(private readonly anchorPems: readonly string[]) {}

  verify(pdf: Uint8Array): Promise<RecordVerification> {
    return runInWorker<RecordVerification>(WORKER, { pdf, anchorPems: [...this.anchorPems] });
  }
}
