import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalEntryText,
  chainEntry,
  GENESIS_HASH,
  legacyEntryHash,
  type AuditEntry,
} from './audit-entry.js';
import { anchorLine, checkAnchor, hmacAnchor, parseAnchorLine, type CheckedAnchor } from './anchor.js';
import { buildChain, callerAnchor, sampleFacts, TEST_KEY } from './audit-fixtures.js';
import { verifyChain } from './verify-chain.js';

const verify = (rows: Iterable<AuditEntry>, anchor?: { seq: number; hash: string }) =>
  verifyChain(rows, { key: TEST_KEY, ...(anchor && { anchors: [callerAnchor(anchor)] }) });

const chainOf = (n: number) => buildChain(Array.from({ length: n }, (_, i) => sampleFacts(i)));

describe('the audit chain', () => {
  it('hashes a canonical text with sorted keys, whatever order details were given in', () => {
    const a = chainEntry(TEST_KEY, undefined, { ...sampleFacts(1), details: { b: 1, a: { d: 2, c: 3 } } });
    const b = chainEntry(TEST_KEY, undefined, { ...sampleFacts(1), details: { a: { c: 3, d: 2 }, b: 1 } });
    expect(a.hash).toBe(b.hash);
    expect(canonicalEntryText(a)).toBe(
      '{"action":"staff.login","actor":{"userId":"u1","username":"teller1"},"at":1700000001000,' +
        `"details":{"a":{"c":3,"d":2},"b":1},"prevHash":"${GENESIS_HASH}","seq":1,"target":"call-1"}`,
    );
  });

  it('accepts an intact chain and an empty one, and reports the head', () => {
    const chain = chainOf(5);
    expect(verify(chain)).toEqual({
      ok: true,
      entries: 5,
      head: { seq: 5, hash: chain[4]!.hash },
      anchors: 0,
      legacyEntries: 0,
    });
    expect(verify([])).toEqual({ ok: true, entries: 0, head: null, anchors: 0, legacyEntries: 0 });
  });

  it('names the reason of each kind of break', () => {
    const chain = chainOf(5);
    const edited = chain.map((e) => (e.seq === 3 ? { ...e, action: 'staff.logout' } : e));
    expect(verify(edited).firstBroken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
    expect(verify(chain.filter((e) => e.seq !== 2)).firstBroken).toMatchObject({
      seq: 2,
      reason: 'seq_gap',
    });
    // Deleted and renumbered, hashes left as they were: the link (and the hash) give it away.
    const renumbered = chain.filter((e) => e.seq !== 2).map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verify(renumbered).firstBroken).toMatchObject({ seq: 2 });
    // A forged entry, correctly hashed but not linked to its predecessor.
    const forged = chainEntry(TEST_KEY, chain[0], sampleFacts(99));
    const inserted = [...chain.slice(0, 3), { ...forged, seq: 4 }, ...chain.slice(3)];
    expect(verify(inserted).firstBroken).toMatchObject({ seq: 4 });
  });

  it('sees the tail cut or the chain rewritten only against an anchor', () => {
    const chain = chainOf(5);
    const anchor = { seq: 5, hash: chain[4]!.hash };
    expect(verify(chain.slice(0, 4)).ok).toBe(true);
    expect(verify(chain.slice(0, 4), anchor).firstBroken).toMatchObject({
      seq: 5,
      reason: 'anchor_mismatch',
    });
    const rewritten = buildChain(chain.map((e) => ({ ...e, action: 'rewritten' })));
    expect(verify(rewritten).ok).toBe(true);
    expect(verify(rewritten, anchor).firstBroken).toMatchObject({
      seq: 5,
      reason: 'anchor_mismatch',
    });
    expect(verify(chain, anchor).ok).toBe(true);
  });
});

describe('a chain keyed with the audit key', () => {
  // What someone holding the database but not the key can do: recompute every hash from `from` on, in order.
  const plainlyRehashed = (rows: AuditEntry[], from = 1): AuditEntry[] => {
    const out: AuditEntry[] = [];
    for (const row of rows) {
      if (row.seq < from) {
        out.push(row);
        continue;
      }
      const relinked = { ...row, prevHash: out.at(-1)?.hash ?? GENESIS_HASH };
      out.push({ ...relinked, hash: legacyEntryHash(relinked) });
    }
    return out;
  };

  it('names the first edited, deleted or inserted entry even when every hash was recomputed without the key', () => {
    const chain = chainOf(6);
    const edited = chain.map((e) => (e.seq === 3 ? { ...e, target: 'someone-else' } : e));
    const deleted = chain.filter((e) => e.seq !== 4).map((e, i) => ({ ...e, seq: i + 1 }));
    const forged = { ...sampleFacts(42), seq: 0, prevHash: '', hash: '', algorithm: 'hmac-sha256' as const };
    const inserted = [...chain.slice(0, 2), forged, ...chain.slice(2)].map((e, i) => ({ ...e, seq: i + 1 }));
    for (const [rows, seq] of [
      [edited, 3],
      [deleted, 4],
      [inserted, 3],
    ] as const) {
      // Recomputed as plain SHA-256, marked keyed or marked as from before the key.
      expect(verify(plainlyRehashed([...rows], seq)).firstBroken).toMatchObject({
        seq,
        reason: 'hash_mismatch',
      });
      const unkeyed = plainlyRehashed([...rows], seq).map((e) =>
        e.seq < seq ? e : { ...e, algorithm: 'sha256' as const },
      );
      expect(verify(unkeyed).firstBroken).toMatchObject({
        seq,
        reason: 'hash_mismatch',
      });
      // Recomputed with another key.
      const otherKey = buildChain(rows, Buffer.alloc(32, 9));
      expect(verify(otherKey).firstBroken).toMatchObject({ seq: 1, reason: 'hash_mismatch' });
    }
  });

  it('accepts entries from before the key only as a prefix sealed by a keyed entry', () => {
    const unkeyed = plainlyRehashed(chainOf(3)).map((e) => ({ ...e, algorithm: 'sha256' as const }));
    expect(verify(unkeyed).firstBroken).toMatchObject({ seq: 4, reason: 'legacy_unsealed' });
    const sealed = [...unkeyed, chainEntry(TEST_KEY, unkeyed[2], sampleFacts(3))];
    expect(verify(sealed)).toMatchObject({ ok: true, entries: 4, legacyEntries: 3 });
    // Rewriting the unkeyed prefix breaks the keyed entry's link to it.
    const rewritten = plainlyRehashed(unkeyed.map((e) => (e.seq === 2 ? { ...e, action: 'x' } : e))).map(
      (e) => ({ ...e, algorithm: 'sha256' as const }),
    );
    expect(verify([...rewritten, sealed[3]!]).firstBroken).toMatchObject({
      seq: 4,
      reason: 'prev_hash_mismatch',
    });
  });

  it('checks every anchor where the walk reaches it and names a bad one', () => {
    const chain = chainOf(5);
    const at = (seq: number, extra: Partial<CheckedAnchor> = {}): CheckedAnchor => ({
      seq,
      hash: chain[seq - 1]!.hash,
      source: 'anchors.jsonl',
      kind: 'hmac',
      ...extra,
    });
    expect(verifyChain(chain, { key: TEST_KEY, anchors: [at(4), at(2)] })).toMatchObject({
      ok: true,
      anchors: 2,
    });
    expect(
      verifyChain(chain, {
        key: TEST_KEY,
        anchors: [at(4, { problem: 'its MAC is not the audit key’s' }), at(2)],
      }).firstBroken,
    ).toMatchObject({ seq: 4, reason: 'anchor_invalid' });
    expect(verifyChain(chain.slice(0, 3), { key: TEST_KEY, anchors: [at(4)] }).firstBroken).toMatchObject({
      seq: 4,
      reason: 'anchor_mismatch',
    });
  });

  it('seals an anchor with the key and reads it back from its line', () => {
    const anchor = hmacAnchor(TEST_KEY, { seq: 3, hash: 'ab'.repeat(32) }, 1_700_000_000_000);
    const checkToken = () => 'no TSA here';
    expect(parseAnchorLine(anchorLine(anchor))).toEqual(anchor);
    expect(checkAnchor(anchor, 'f', TEST_KEY, checkToken).problem).toBeUndefined();
    expect(checkAnchor({ ...anchor, seq: 4 }, 'f', TEST_KEY, checkToken).problem).toMatch(/MAC/);
    expect(checkAnchor(anchor, 'f', Buffer.alloc(32, 1), checkToken).problem).toMatch(/MAC/);
    expect(parseAnchorLine('{"kind":"hmac"}')).toBeUndefined();
    expect(parseAnchorLine('not json')).toBeUndefined();
  });
});

type Tamper =
  | {
      kind: 'edit';
      index: number;
      field: 'at' | 'actor' | 'action' | 'target' | 'details' | 'prevHash' | 'hash' | 'seq';
    }
  | { kind: 'delete'; index: number }
  | { kind: 'swap'; index: number; other: number };

const FIELDS = ['at', 'actor', 'action', 'target', 'details', 'prevHash', 'hash', 'seq'] as const;

/** The tampered rows as storage would return them, and the seq the verdict must name. */
function tamper(chain: AuditEntry[], t: Tamper): { rows: AuditEntry[]; brokenSeq: number } {
  const rows = chain.map((e) => ({ ...e }));
  if (t.kind === 'delete') {
    rows.splice(t.index, 1);
    return { rows, brokenSeq: t.index + 1 };
  }
  if (t.kind === 'swap') {
    const [i, j] = [Math.min(t.index, t.other), Math.max(t.index, t.other)];
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    return { rows, brokenSeq: i + 1 };
  }
  const row = rows[t.index]!;
  const changed: Record<(typeof FIELDS)[number], () => void> = {
    at: () => (row.at += 1),
    actor: () => (row.actor = { ...row.actor, username: `${row.actor.username}x` }),
    action: () => (row.action = `${row.action}.x`),
    target: () => (row.target = row.target === null ? 'x' : null),
    details: () => (row.details = { ...row.details, forged: true }),
    prevHash: () => (row.prevHash = row.prevHash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))),
    hash: () => (row.hash = row.hash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))),
    seq: () => (row.seq += 7),
  };
  changed[t.field]();
  return { rows, brokenSeq: t.index + 1 };
}

describe('verifyChain (property)', () => {
  it('detects any single edit, delete (but of the last entry) or swap, at the first broken seq', () => {
    const scenario = fc.integer({ min: 2, max: 30 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.oneof(
          fc.record({
            kind: fc.constant('edit' as const),
            index: fc.nat(n - 1),
            field: fc.constantFrom(...FIELDS),
          }),
          fc.record({ kind: fc.constant('delete' as const), index: fc.nat(n - 2) }),
          fc
            .tuple(fc.nat(n - 1), fc.nat(n - 1))
            .filter(([a, b]) => a !== b)
            .map(([index, other]) => ({ kind: 'swap' as const, index, other })),
        ),
      ),
    );
    fc.assert(
      fc.property(scenario, ([n, t]) => {
        const chain = chainOf(n);
        const { rows, brokenSeq } = tamper(chain, t);
        const verdict = verify(rows);
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBroken?.seq).toBe(brokenSeq);
        // With the head anchored, even the last entry's deletion is seen.
        expect(verify(chain.slice(0, -1), verify(chain).head!).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
