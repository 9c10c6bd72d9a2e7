import type { ChainBreak, ChainVerdict } from '../../../shared/contracts/auditor.js';
import { entryHashHolds, GENESIS_HASH, type AuditEntry } from './audit-entry.js';
import type { CheckedAnchor } from './anchor.js';

/**
 * Walks the entries in storage order (by seq) and names the first break. Each
 * entry's hash is an HMAC under the audit key, so recomputing hashes after an
 * edit does not help whoever lacks the key. A chain alone still cannot see its
 * own tail cut off; the anchors (heads kept outside the database) catch that,
 * each checked where the walk reaches its seq.
 *
 * Entries written before the audit key carry a plain SHA-256 (`algorithm:
 * 'sha256'`): accepted only as the chain's first entries and only when a keyed
 * entry follows them, whose HMAC covers the link to them.
 */
export function verifyChain(
  rows: Iterable<AuditEntry>,
  options: { key: Buffer; anchors?: readonly CheckedAnchor[] },
): ChainVerdict {
  const anchors = [...(options.anchors ?? [])].sort((a, b) => a.seq - b.seq);
  let entries = 0;
  let legacyEntries = 0;
  let previous: AuditEntry | undefined;
  let nextAnchor = 0;
  const summary = () => ({
    entries,
    head: previous ? { seq: previous.seq, hash: previous.hash } : null,
    anchors: anchors.length,
    legacyEntries,
  });
  const broken = (seq: number, reason: ChainBreak, message: string): ChainVerdict => ({
    ok: false,
    ...summary(),
    firstBroken: { seq, reason, message },
  });
  for (const row of rows) {
    const expected = entries + 1;
    entries++;
    if (row.seq > expected)
      return broken(expected, 'seq_gap', `entry ${expected} is missing; found ${row.seq}`);
    if (row.seq < expected)
      return broken(expected, 'seq_out_of_order', `expected entry ${expected}, found ${row.seq} again`);
    if (row.algorithm === 'sha256') {
      if (legacyEntries !== row.seq - 1)
        return broken(
          row.seq,
          'hash_mismatch',
          `entry ${row.seq} claims the unkeyed hash of before the audit key`,
        );
      legacyEntries++;
    }
    if (!entryHashHolds(options.key, row))
      return broken(row.seq, 'hash_mismatch', `entry ${row.seq} was changed after it was written`);
    if (row.prevHash !== (previous?.hash ?? GENESIS_HASH))
      return broken(row.seq, 'prev_hash_mismatch', `entry ${row.seq} does not follow entry ${row.seq - 1}`);
    for (; anchors[nextAnchor]?.seq === row.seq; nextAnchor++) {
      const anchor = anchors[nextAnchor]!;
      if (anchor.problem)
        return broken(
          row.seq,
          'anchor_invalid',
          `the anchor of entry ${row.seq} in ${anchor.source}: ${anchor.problem}`,
        );
      if (anchor.hash !== row.hash)
        return broken(
          row.seq,
          'anchor_mismatch',
          `entry ${row.seq} is not the one anchored in ${anchor.source}`,
        );
    }
    previous = row;
  }
  const beyond = anchors[nextAnchor];
  if (beyond) {
    return broken(
      beyond.seq,
      'anchor_mismatch',
      `the entry ${beyond.seq} anchored in ${beyond.source} is gone (the chain ends at ${entries})`,
    );
  }
  if (legacyEntries > 0 && legacyEntries === entries) {
    return broken(
      entries + 1,
      'legacy_unsealed',
      `entries 1 to ${entries} were written before the audit key and no keyed entry seals them yet; start the server once`,
    );
  }
  return { ok: true, ...summary() };
}
