import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { ChainVerdict } from '../../shared/contracts/auditor.js';
import { certificatesFromPem, checkTimestampToken } from '../service/index.js';
import {
  checkAnchor,
  parseAnchorLine,
  type AuditAnchor,
  type ChainHead,
  type CheckedAnchor,
} from './rules/anchor.js';
import { verifyChain } from './rules/verify-chain.js';
import { AuditLog } from './audit-log.js';

/** Everything one verification needs, plain enough to hand to a worker thread. */
export interface ChainCheckInput {
  dbFile: string;
  /** The audit key's bytes. */
  key: Uint8Array;
  /** SKYTELLER_AUDIT_ANCHOR_FILE, when set. */
  anchorFile?: string;
  /** The TSA's certificate (or its CA) as PEM: timestamped anchors must chain to it. */
  tsaCertPem?: string;
  /** A head the caller kept from an earlier verification. */
  callerAnchor?: ChainHead;
}

/** The anchors appended to the anchor file; a missing file holds none. */
export function readAnchorFile(file: string): AuditAnchor[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const anchor = line.trim() === '' ? undefined : parseAnchorLine(line);
      return anchor ? [anchor] : [];
    });
}

/**
 * Verifies the chain in the database file: every entry's HMAC and link, and
 * every anchor (the database's, the anchor file's, the caller's) at its seq.
 * Opens the file read-only, so it never migrates or locks out a running server.
 */
export function checkChainFile(input: ChainCheckInput): ChainVerdict {
  const key = Buffer.from(input.key);
  const tsaAnchors = input.tsaCertPem === undefined ? undefined : certificatesFromPem(input.tsaCertPem);
  const checkToken = (token: Buffer, imprint: Buffer) => {
    const check = checkTimestampToken(token, imprint, tsaAnchors);
    return check.ok ? undefined : check.problem;
  };
  const db = new Database(input.dbFile, { readonly: true, fileMustExist: true });
  try {
    const store = new AuditLog(db);
    const anchors: CheckedAnchor[] = [
      ...store.anchors().map((a) => checkAnchor(a, 'the database', key, checkToken)),
      ...(input.anchorFile
        ? readAnchorFile(input.anchorFile).map((a) => checkAnchor(a, input.anchorFile!, key, checkToken))
        : []),
      ...(input.callerAnchor
        ? [{ ...input.callerAnchor, source: 'the caller', kind: 'caller' as const }]
        : []),
    ];
    return verifyChain(store.entries(), { key, anchors });
  } finally {
    db.close();
  }
}
