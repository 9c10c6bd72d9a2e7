import type { ChainBreak, ChainVerdict } from '../../../shared/contracts/auditor.js';
import { entryHashHolds, GENESIS_HASH, type AuditEntry } from './audit-entry.js';
import type { CheckedAnchor } from './anchor.js';

/**
 * One walk over the chain's entries in storage order (by seq), fed one entry at
 * a time so the entries may come from anywhere (an array, pages of a query)
 * without the walk holding them. `step` answers the first break, `end` the
 * verdict once every entry was given.
 *
 * Each entry's hash is an HMAC under the audit key, so recomputing hashes after
 * an edit does not help whoever lacks the key. A chain alone still cannot see
 * its own tail cut off; the anchors (heads kept outside the database) catch
 * that, each checked where the walk reaches its seq.
 *
 * Entries written before the audit key carry a plain SHA-256 (`algorithm:
 * 'sha256'`): accepted only as the chain's first entries and only when a keyed
 * entry follows them, whose HMAC covers the link to them.
 */
export class ChainWalk {
  readonly #anchors: CheckedAnchor[];
  #entries = 0;
  #legacyEntries = 0;
  #previous: AuditEntry | undefined;
  #nextAnchor = 0;

  constructor(private readonly options: { key: Buffer; anchors?: readonly CheckedAnchor[] }) {
    this.#anchors = [...(options.anchors ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** The verdict naming the first break when `row` breaks the chain; undefined while it holds. */
  step(row: AuditEntry): ChainVerdict | undefined {
    const expected = this.#entries + 1;
    this.#entries++;
    if (row.seq > expected)
      return this.#broken(expected, 'seq_gap', `entry ${expected} is missing; found ${row.seq}`);
    if (row.seq < expected)
      return this.#broken(expected, 'seq_out_of_order', `expected entry ${expected}, found ${row.seq} again`);
    if (row.algorithm === 'sha256') {
      if (this.#legacyEntries !== row.seq - 1)
        return this.#broken(
          row.seq,
          'hash_mismatch',
          `entry ${row.seq} claims the unkeyed hash of before the audit key`,
        );
      this.#legacyEntries++;
    }
    if (!entryHashHolds(this.options.key, row))
      return this.#broken(row.seq, 'hash_mismatch', `entry ${row.seq} was changed after it was written`);
    if (row.prevHash !== (this.#previous?.hash ?? GENESIS_HASH))
      return this.#broken(
        row.seq,
        'prev_hash_mismatch',
        `entry ${row.seq} does not follow entry ${row.seq - 1}`,
      );
    for (; this.#anchors[this.#nextAnchor]?.seq === row.seq; this.#nextAnchor++) {
      const anchor = this.#anchors[this.#nextAnchor]!;
      if (anchor.problem)
        return this.#broken(
          row.seq,
          'anchor_invalid',
          `the anchor of entry ${row.seq} in ${anchor.source}: ${anchor.problem}`,
        );
      if (anchor.hash !== row.hash)
        return this.#broken(
          row.seq,
          'anchor_mismatch',
          `entry ${row.seq} is not the one anchored in ${anchor.source}`,
        );
    }
    this.#previous = row;
    return undefined;
  }

  /** The verdict after the last entry: anchors beyond the chain's end and unsealed legacy entries break it too. */
  end(): ChainVerdict {
    const beyond = this.#anchors[this.#nextAnchor];
    if (beyond) {
      return this.#broken(
        beyond.seq,
        'anchor_mismatch',
        `the entry ${beyond.seq} anchored in ${beyond.source} is gone (the chain ends at ${this.#entries})`,
      );
    }
    if (this.#legacyEntries > 0 && this.#legacyEntries === this.#entries) {
      return this.#broken(
        this.#entries + 1,
        'legacy_unsealed',
        `entries 1 to ${this.#entries} were written before the audit key and no keyed entry seals them yet; start the server once`,
      );
    }
    return { ok: true, ...this.#summary() };
  }

  #summary() {
    return {
      entries: this.#entries,
      head: this.#previous ? { seq: this.#previous.seq, hash: this.#previous.hash } : null,
      anchors: this.#anchors.length,
      legacyEntries: this.#legacyEntries,
    };
  }

  #broken(seq: number, reason: ChainBreak, message: string): ChainVerdict {
    return { ok: false, ...this.#summary(), firstBroken: { seq, reason, message } };
  }
}
