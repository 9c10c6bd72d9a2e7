import crypto from 'node:crypto';
import { canonicalJson, type JsonValue } from '../../../shared/domain/canonical-json.js';

/** Who did it: a staff user, or `{ userId: null, username: 'system' }`; a failed login names the username tried. */
export interface AuditActor {
  userId: string | null;
  username: string;
}

/** What an entry says, before it is numbered and chained. */
export interface AuditFacts {
  at: number;
  actor: AuditActor;
  action: string;
  target: string | null;
  details: { [key: string]: JsonValue };
}

/** One stored entry of the chain. */
export interface AuditEntry extends AuditFacts {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The first entry's prevHash: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The exact text an entry's hash is taken over: canonical JSON (sorted keys, no
 * whitespace) of every field but the hash itself. Written out field by field so
 * a new field in AuditEntry can never slip into (or out of) the hash unnoticed.
 */
export function canonicalEntryText(entry: Omit<AuditEntry, 'hash'>): string {
  return canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: { userId: entry.actor.userId, username: entry.actor.username },
    action: entry.action,
    target: entry.target,
    details: entry.details,
    prevHash: entry.prevHash,
  });
}

/** SHA-256 (hex) of the canonical text. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return crypto.createHash('sha256').update(canonicalEntryText(entry), 'utf8').digest('hex');
}

/** The next entry after `previous` (or the first one): numbered, linked and hashed. */
export function chainEntry(
  previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
  facts: AuditFacts,
): AuditEntry {
  const unhashed = { ...facts, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: entryHash(unhashed) };
}
