// A worker thread's entry: one PDF parsed and its signature judged, off the server's main thread.
import { AppError } from '../../platform/errors.js';
import { serveJobs } from '../../platform/threads/job-thread.js';
import { certificatesFromPem } from './cms/trust-path.js';
import { UnreadablePdfError, verifyRecord } from './record-verifier.js';

serveJobs(({ pdf, anchorPems }: { pdf: Uint8Array; anchorPems: string[] }) => {
  try {
    return verifyRecord(pdf, anchorPems.flatMap(certificatesFromPem));
  } catch (error) {
    if (error instanceof UnreadablePdfError)
      throw new AppError('record_unreadable', 'the body is not a readable PDF');
    throw error;
  }
});
