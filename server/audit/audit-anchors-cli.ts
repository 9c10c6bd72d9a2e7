/**
 * `npm run audit:anchors`: prints every anchor of the audit chain as JSON, the
 * database's and the anchor file's (SKYTELLER_AUDIT_ANCHOR_FILE), for keeping
 * elsewhere or handing to an examiner. A `tsa` anchor's token is the TSA's
 * RFC 3161 TimeStampToken in base64 DER (`openssl ts -verify` reads it).
 * Exit codes: 0 printed, 2 no readable database or key.
 */
import Database from 'better-sqlite3';
import { anchorImprint } from './rules/anchor.js';
import { AuditLog } from './audit-log.js';
import { readAnchorFile } from './chain-check.js';
import { openAuditFiles } from './audit-files.js';

function main(): number {
  const files = openAuditFiles();
  if (!files) return 2;
  const db = new Database(files.dbFile, { readonly: true, fileMustExist: true });
  try {
    const anchorFile = files.config.auditAnchorFile;
    const withImprint = <A extends { seq: number; hash: string }>(anchor: A, source: string) => ({
      source,
      ...anchor,
      imprintSha256: anchorImprint(anchor).toString('hex'),
    });
    const anchors = [
      ...new AuditLog(db).anchors().map((a) => withImprint(a, 'database')),
      ...(anchorFile ? readAnchorFile(anchorFile).map((a) => withImprint(a, anchorFile)) : []),
    ];
    console.log(JSON.stringify({ database: files.dbFile, anchors }, null, 2));
    return 0;
  } finally {
    db.close();
  }
}

process.exitCode = main();
