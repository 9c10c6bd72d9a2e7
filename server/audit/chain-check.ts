import fs from 'node:fs';
import type { ChainVerdict } from '../../shared/contracts/auditor.js';
import { certificatesFromPem, checkTimestampToken } from '../service/index.js';
import {
  checkAnchor,
  parseAnchorLine,
  type AuditAnchor,
  type ChainHead,
  type CheckedAnchor,
} from './rules/anchor.js';
import { verifyChainStream } from './rules/verify-chain.js';
import { openChainReader, type ChainSource } from './audit-source.js';

/** Everything one verification needs, plain enough to hand to a worker thread. */
export interface ChainCheckInput {
  /** The server's database: its SQLite file, or its PostgreSQL URL. */
  source: ChainSource;
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
 * Verifies the chain in the database: every entry's HMAC and link, and every
 * anchor (the database's, the anchor file's, the caller's) at its seq. Reads
 * through a connection of its own (a SQLite file read-only), in pages, so it
 * never migrates, locks out a running server, or holds the chain whole.
 */
export async function checkStoredChain(input: ChainCheckInput): Promise<ChainVerdict> {
  const key = Buffer.from(input.key);
  const tsaAnchors = input.tsaCertPem === undefined ? undefined : certificatesFromPem(input.tsaCertPem);
  const checkToken = (token: Buffer, imprint: Buffer) => {
    const check = checkTimestampToken(token, imprint, tsaAnchors);
    return check.ok ? undefined : check.problem;
  };
  const reader = openChainReader(input.source);
  try {
    const store = reader.log;
    const anchors: CheckedAnchor[] = [
      ...(await store.anchors()).map((a) => checkAnchor(a, 'the database', key, checkToken)),
      ...(input.anchorFile
        ? readAnchorFile(input.anchorFile).map((a) => checkAnchor(a, input.anchorFile!, key, checkToken))
        : []),
      ...(input.callerAnchor
        ? [{ ...input.callerAnchor, source: 'the caller', kind: 'caller' as const }]
        : []),
    ];
    return await verifyChainStream(store.entries(), { key, anchors });
  } finally {
    await reader.close();
  }
}
