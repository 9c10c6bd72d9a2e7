import type { ChainVerdict } from '../../shared/contracts/auditor.js';
import { JobThread } from '../platform/threads/job-thread.js';
import type { ChainCheckInput } from './chain-check.js';
import type { ChainHead } from './rules/anchor.js';

/**
 * Verifies the whole audit chain in a worker thread with its own read-only
 * connection: a long chain's HMACs never hold up signalling on the main thread.
 * On PostgreSQL too the thread opens its own connection from the URL rather
 * than the main thread reading pages and posting them over: the rows' parsing
 * and copying cost about what their hashing does, so reading in the thread
 * keeps both off the main thread, and one more connection for the length of a
 * verification is cheap beside that.
 */
export class ChainVerifier {
  readonly #thread = new JobThread<ChainCheckInput, ChainVerdict>(
    new URL('./chain-check-worker.ts', import.meta.url),
  );

  constructor(private readonly input: Omit<ChainCheckInput, 'callerAnchor'>) {}

  verify(callerAnchor?: ChainHead): Promise<ChainVerdict> {
    return this.#thread.run({ ...this.input, ...(callerAnchor && { callerAnchor }) });
  }

  close(): Promise<void> {
    return this.#thread.close();
  }
}
