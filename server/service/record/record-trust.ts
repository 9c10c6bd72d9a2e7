import type { RecordVerification } from '../../../shared/contracts/record-verification.js';
import { JobThread } from '../../platform/threads/job-thread.js';

interface VerifyJob {
  pdf: Uint8Array;
  anchorPems: string[];
}

/**
 * Verifies a record sent to the server against the configured trust anchors,
 * in a worker thread: parsing a PDF of up to 10 MB never holds up signalling.
 */
export class RecordTrust {
  readonly #thread = new JobThread<VerifyJob, RecordVerification>(
    new URL('./record-verify-worker.ts', import.meta.url),
  );

  constructor(private readonly anchorPems: readonly string[]) {}

  verify(pdf: Uint8Array): Promise<RecordVerification> {
    return this.#thread.run({ pdf, anchorPems: [...this.anchorPems] });
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}
