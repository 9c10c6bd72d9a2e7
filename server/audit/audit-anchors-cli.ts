/**
 * `npm run audit:anchors`: prints every anchor of the audit chain as JSON, the
 * database's (the SQLite file, read-only, or PostgreSQL with
 * SKYTELLER_DATABASE_URL) and the anchor file's (SKYTELLER_AUDIT_ANCHOR_FILE),
 * for keeping elsewhere or handing to an examiner. A `tsa` anchor's token is
 * the TSA's RFC 3161 TimeStampToken in base64 DER (`openssl ts -verify` reads it).
 * Exit codes: 0 printed, 2 no readable database or key.
 */
import { anchorImprint } from './rules/anchor.js';
import { readAnchorFile } from './chain-check.js';
import { openAuditFiles } from './audit-files.js';
import { openChainReader } from './audit-source.js';

async function main(): Promise<number> {
  const files = openAuditFiles();
  if (!files) return 2;
  const reader = openChainReader(files.source);
  try {
    const anchorFile = files.config.auditAnchorFile;
    const withImprint = <A extends { seq: number; hash: string }>(anchor: A, source: string) => ({
      source,
      ...anchor,
      imprintSha256: anchorImprint(anchor).toString('hex'),
    });
    const anchors = [
      ...(await reader.log.anchors()).map((a) => withImprint(a, 'database')),
      ...(anchorFile ? readAnchorFile(anchorFile).map((a) => withImprint(a, anchorFile)) : []),
    ];
    console.log(JSON.stringify({ database: files.database, anchors }, null, 2));
    return 0;
  } finally {
    await reader.close();
  }
}

process.exitCode = await main();
