import type { JsonValue } from '../../../shared/domain/canonical-json.js';
import { chainEntry, type AuditEntry, type AuditFacts } from './audit-entry.js';

/** The audit key of the tests. */
export const TEST_KEY = Buffer.alloc(32, 7);

/** A valid chain built from the given facts, in order. */
export function buildChain(facts: AuditFacts[], key = TEST_KEY): AuditEntry[] {
  const chain: AuditEntry[] = [];
  for (const f of facts) chain.push(chainEntry(key, chain.at(-1), f));
  return chain;
}

/** A head the caller kept, as the verification takes it. */
export const callerAnchor = (head: { seq: number; hash: string }) => ({
  seq: head.seq,
  hash: head.hash,
  source: 'the caller',
  kind: 'caller' as const,
});

export const sampleFacts = (i: number, details: { [key: string]: JsonValue } = {}): AuditFacts => ({
  at: 1_700_000_000_000 + i * 1000,
  actor: { userId: `u${i % 3}`, username: `teller${i % 3}` },
  action: i % 2 ? 'staff.login' : 'call.accepted',
  target: i % 4 ? `call-${i}` : null,
  details: { i, ...details },
});
