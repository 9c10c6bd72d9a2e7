import type { ChainBreak, ChainVerdict } from '../../../shared/contracts/auditor.js';
import { entryHash, GENESIS_HASH, type AuditEntry } from './audit-entry.js';

/**
 * Walks the entries in storage order (by seq) and names the first break. A hash
 * chain alone cannot see its own tail cut off, nor a chain rewritten whole from
 * some point on; `anchor` (a head noted earlier, kept elsewhere) catches both.
 */
export function verifyChain(
  rows: Iterable<AuditEntry>,
  options: { anchor?: { seq: number; hash: string } } = {},
): ChainVerdict {
  let entries = 0;
  let previous: AuditEntry | undefined;
  let anchorSeen = false;
  const broken = (seq: number, reason: ChainBreak, message: string): ChainVerdict => ({
    ok: false,
    entries,
    head: previous ? { seq: previous.seq, hash: previous.hash } : null,
    firstBroken: { seq, reason, message },
  });
  for (const row of rows) {
    const expected = entries + 1;
    entries++;
    if (row.seq > expected)
      return broken(expected, 'seq_gap', `entry ${expected} is missing; found ${row.seq}`);
    if (row.seq < expected)
      return broken(expected, 'seq_out_of_order', `expected entry ${expected}, found ${row.seq} again`);
    if (entryHash(row) !== row.hash)
      return broken(row.seq, 'hash_mismatch', `entry ${row.seq} was changed after it was written`);
    if (row.prevHash !== (previous?.hash ?? GENESIS_HASH))
      return broken(row.seq, 'prev_hash_mismatch', `entry ${row.seq} does not follow entry ${row.seq - 1}`);
    const anchor = options.anchor;
    if (anchor && row.seq === anchor.seq) {
      if (row.hash !== anchor.hash)
        return broken(row.seq, 'anchor_mismatch', `entry ${row.seq} is not the one anchored`);
      anchorSeen = true;
    }
    previous = row;
  }
  if (options.anchor && !anchorSeen) {
    const seq = options.anchor.seq;
    return broken(seq, 'anchor_mismatch', `the anchored entry ${seq} is gone (the chain ends at ${entries})`);
  }
  return { ok: true, entries, head: previous ? { seq: previous.seq, hash: previous.hash } : null };
}
