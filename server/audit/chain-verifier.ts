import type { ChainVerdict } from '../../shared/contracts/auditor.js';
import { runInWorker } from '../platform/threads/run-in-worker.js';
import type { ChainCheckInput } from './chain-check.js';
import type { ChainHead } from './rules/anchor.js';

const WORKER = new URL('./chain-check-worker.ts', import.meta.url);

/**
 * Verifies the whole audit chain in a worker thread with its own read-only
 * connection: a long chain's HMACs never hold up signalling on the main thread.
 */
export class ChainVerifier {
  constructor(private readonly input: Omit<ChainCheckInput, 'callerAnchor'>) {}

  verify(callerAnchor?: ChainHead): Promise<ChainVerdict> {
    return runInWorker<ChainVerdict>(WORKER, { ...this.input, ...(callerAnchor && { callerAnchor }) });
  }
}
