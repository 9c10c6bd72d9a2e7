import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntryText, chainEntry, GENESIS_HASH, type AuditEntry } from './audit-entry.js';
import { buildChain, sampleFacts } from './audit-fixtures.js';
import { verifyChain } from './verify-chain.js';

const chainOf = (n: number) => buildChain(Array.from({ length: n }, (_, i) => sampleFacts(i)));

describe('the audit chain', () => {
  it('hashes a canonical text with sorted keys, whatever order details were given in', () => {
    const a = chainEntry(undefined, { ...sampleFacts(1), details: { b: 1, a: { d: 2, c: 3 } } });
    const b = chainEntry(undefined, { ...sampleFacts(1), details: { a: { c: 3, d: 2 }, b: 1 } });
    expect(a.hash).toBe(b.hash);
    expect(canonicalEntryText(a)).toBe(
      '{"action":"staff.login","actor":{"userId":"u1","username":"teller1"},"at":1700000001000,' +
        `"details":{"a":{"c":3,"d":2},"b":1},"prevHash":"${GENESIS_HASH}","seq":1,"target":"call-1"}`,
    );
  });

  it('accepts an intact chain and an empty one, and reports the head', () => {
    const chain = chainOf(5);
    expect(verifyChain(chain)).toEqual({ ok: true, entries: 5, head: { seq: 5, hash: chain[4]!.hash } });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, head: null });
  });

  it('names the reason of each kind of break', () => {
    const chain = chainOf(5);
    const edited = chain.map((e) => (e.seq === 3 ? { ...e, action: 'staff.logout' } : e));
    expect(verifyChain(edited).firstBroken).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
    expect(verifyChain(chain.filter((e) => e.seq !== 2)).firstBroken).toMatchObject({
      seq: 2,
      reason: 'seq_gap',
    });
    // Deleted and renumbered, hashes left as they were: the link (and the hash) give it away.
    const renumbered = chain.filter((e) => e.seq !== 2).map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(renumbered).firstBroken).toMatchObject({ seq: 2 });
    // A forged entry, correctly hashed but not linked to its predecessor.
    const forged = chainEntry(chain[0], sampleFacts(99));
    const inserted = [...chain.slice(0, 3), { ...forged, seq: 4 }, ...chain.slice(3)];
    expect(verifyChain(inserted).firstBroken).toMatchObject({ seq: 4 });
  });

  it('sees the tail cut or the chain rewritten only against an anchor', () => {
    const chain = chainOf(5);
    const anchor = { seq: 5, hash: chain[4]!.hash };
    expect(verifyChain(chain.slice(0, 4)).ok).toBe(true);
    expect(verifyChain(chain.slice(0, 4), { anchor }).firstBroken).toMatchObject({
      seq: 5,
      reason: 'anchor_mismatch',
    });
    const rewritten = buildChain(chain.map((e) => ({ ...e, action: 'rewritten' })));
    expect(verifyChain(rewritten).ok).toBe(true);
    expect(verifyChain(rewritten, { anchor }).firstBroken).toMatchObject({
      seq: 5,
      reason: 'anchor_mismatch',
    });
    expect(verifyChain(chain, { anchor }).ok).toBe(true);
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
        const verdict = verifyChain(rows);
        expect(verdict.ok).toBe(false);
        expect(verdict.firstBroken?.seq).toBe(brokenSeq);
        // With the head anchored, even the last entry's deletion is seen.
        expect(verifyChain(chain.slice(0, -1), { anchor: verifyChain(chain).head! }).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
