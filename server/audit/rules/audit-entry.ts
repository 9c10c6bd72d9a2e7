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

/**
 * How an entry's `hash` was made. `hmac-sha256` (keyed with the audit key, kept
 * outside the database) for every entry written now; `sha256` only for entries
 * written before the key existed, which a keyed entry after them seals.
 */
export type EntryAlgorithm = 'hmac-sha256' | 'sha256';

/** One stored entry of the chain. */
export interface AuditEntry extends AuditFacts {
  seq: number;
  prevHash: string;
  hash: string;
  algorithm: EntryAlgorithm;
}

/** The first entry's prevHash: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The exact text an entry's hash is taken over: canonical JSON (sorted keys, no
 * whitespace) of every field but the hash (and its algorithm). Written out field
 * by field so a new field in AuditEntry can never slip into (or out of) the hash unnoticed.
 */
export function canonicalEntryText(entry: Omit<AuditEntry, 'hash' | 'algorithm'>): string {
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

/** Plain SHA-256 (hex) of the canonical text: how entries were sealed before the audit key. */
export function legacyEntryHash(entry: Omit<AuditEntry, 'hash' | 'algorithm'>): string {
  return crypto.createHash('sha256').update(canonicalEntryText(entry), 'utf8').digest('hex');
}

/** HMAC-SHA256 (hex) of the canonical text under the audit key: nobody without the key can forge it. */
export function entryMac(key: Buffer, entry: Omit<AuditEntry, 'hash' | 'algorithm'>): string {
  return crypto.createHmac('sha256', key).update(canonicalEntryText(entry), 'utf8').digest('hex');
}

/** Whether the entry's stored hash is what its algorithm gives for its content. */
export function entryHashHolds(key: Buffer, entry: AuditEntry): boolean {
  // A verifier comparing stored values; no secret is compared, so plain equality is fine.
  return entry.hash === (entry.algorithm === 'sha256' ? legacyEntryHash(entry) : entryMac(key, entry));
}

/** The next entry after `previous` (or the first one): numbered, linked and keyed. */
export function chainEntry(
  key: Buffer,
  previous: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
  facts: AuditFacts,
): AuditEntry {
  const unhashed = { ...facts, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...unhashed, hash: entryMac(key, unhashed), algorithm: 'hmac-sha256' };
}
