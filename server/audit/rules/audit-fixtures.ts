import type { JsonValue } from '../../../shared/domain/canonical-json.js';
import { chainEntry, type AuditEntry, type AuditFacts } from './audit-entry.js';

/** A valid chain built from the given facts, in order. */
export function buildChain(facts: AuditFacts[]): AuditEntry[] {
  const chain: AuditEntry[] = [];
  for (const f of facts) chain.push(chainEntry(chain.at(-1), f));
  return chain;
}

export const sampleFacts = (i: number, details: { [key: string]: JsonValue } = {}): AuditFacts => ({
  at: 1_700_000_000_000 + i * 1000,
  actor: { userId: `u${i % 3}`, username: `teller${i % 3}` },
  action: i % 2 ? 'staff.login' : 'call.accepted',
  target: i % 4 ? `call-${i}` : null,
  details: { i, ...details },
});
