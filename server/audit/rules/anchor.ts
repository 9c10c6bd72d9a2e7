import crypto from 'node:crypto';
import { canonicalJson } from '../../../shared/domain/canonical-json.js';

/** The chain's last entry as a verification reports it. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * A chain head kept where the database's owner cannot rewrite it: keyed with
 * the audit key (`hmac`, appended to SKYTELLER_AUDIT_ANCHOR_FILE) or
 * timestamped by an RFC 3161 authority (`tsa`, the token in base64 DER).
 */
export type AuditAnchor =
  | (ChainHead & { kind: 'hmac'; at: number; mac: string })
  | (ChainHead & { kind: 'tsa'; at: number; token: string });

/** What an anchor is worth once its MAC or its timestamp token is checked. */
export interface CheckedAnchor extends ChainHead {
  /** Where it was read: `database`, the anchor file's path, or `caller`. */
  source: string;
  kind: AuditAnchor['kind'] | 'caller';
  /** Why it cannot be believed, when it cannot. */
  problem?: string;
}

const PURPOSE = 'skyteller-audit-anchor';

/** Parses an anchor written as `SEQ:HASH` (the head a verification reported), or undefined when malformed. */
export function parseAnchor(text: string): ChainHead | undefined {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]! } : undefined;
}

/** The HMAC an `hmac` anchor carries: over the head and the time it was taken. */
export function anchorMac(key: Buffer, head: ChainHead & { at: number }): string {
  const text = canonicalJson({ purpose: PURPOSE, seq: head.seq, hash: head.hash, at: head.at });
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** The SHA-256 imprint a TSA timestamps for a head. */
export function anchorImprint(head: ChainHead): Buffer {
  const text = canonicalJson({ purpose: PURPOSE, seq: head.seq, hash: head.hash });
  return crypto.createHash('sha256').update(text, 'utf8').digest();
}

export function hmacAnchor(key: Buffer, head: ChainHead, at: number): AuditAnchor {
  return { kind: 'hmac', seq: head.seq, hash: head.hash, at, mac: anchorMac(key, { ...head, at }) };
}

/**
 * Checks one anchor's own seal: the MAC under the audit key, or the TSA's token
 * through `checkToken` (which verifies the token's signature, its signer and its
 * imprint, and answers a problem or nothing).
 */
export function checkAnchor(
  anchor: AuditAnchor,
  source: string,
  key: Buffer,
  checkToken: (token: Buffer, imprint: Buffer) => string | undefined,
): CheckedAnchor {
  const head = { seq: anchor.seq, hash: anchor.hash, source, kind: anchor.kind };
  const problem =
    anchor.kind === 'hmac'
      ? anchor.mac === anchorMac(key, anchor)
        ? undefined
        : 'its MAC is not the audit key’s'
      : checkToken(Buffer.from(anchor.token, 'base64'), anchorImprint(anchor));
  return problem ? { ...head, problem } : head;
}

const isHead = (v: Record<string, unknown>): boolean =>
  Number.isSafeInteger(v.seq) &&
  (v.seq as number) > 0 &&
  typeof v.hash === 'string' &&
  /^[0-9a-f]{64}$/.test(v.hash) &&
  typeof v.at === 'number';

/** One line of the anchor file, or undefined when it is not an anchor. */
export function parseAnchorLine(line: string): AuditAnchor | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isHead(v)) return undefined;
  const head = { seq: v.seq as number, hash: v.hash as string, at: v.at as number };
  if (v.kind === 'hmac' && typeof v.mac === 'string') return { kind: 'hmac', ...head, mac: v.mac };
  if (v.kind === 'tsa' && typeof v.token === 'string') return { kind: 'tsa', ...head, token: v.token };
  return undefined;
}

/** The anchor as one line of the anchor file (no newline). */
export function anchorLine(anchor: AuditAnchor): string {
  return canonicalJson({ ...anchor });
}
