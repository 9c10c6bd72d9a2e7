import type { ChainVerdict } from '../../../shared/contracts/auditor.js';
import type { AuditEntry } from './audit-entry.js';
import type { CheckedAnchor } from './anchor.js';
import { ChainWalk } from './chain-walk.js';

export interface VerifyOptions {
  key: Buffer;
  anchors?: readonly CheckedAnchor[];
}

/** Walks the entries in storage order (by seq) and names the first break (see ChainWalk). */
export function verifyChain(rows: Iterable<AuditEntry>, options: VerifyOptions): ChainVerdict {
  const walk = new ChainWalk(options);
  for (const row of rows) {
    const broken = walk.step(row);
    if (broken) return broken;
  }
  return walk.end();
}

/** The same walk over entries read as they come (a store's pages): stops reading at the first break. */
export async function verifyChainStream(
  rows: AsyncIterable<AuditEntry>,
  options: VerifyOptions,
): Promise<ChainVerdict> {
  const walk = new ChainWalk(options);
  for await (const row of rows) {
    const broken = walk.step(row);
    if (broken) return broken;
  }
  return walk.end();
}
