/**
 * `npm run audit:verify [-- --anchor SEQ:HASH]`: walks the audit chain in the
 * configured database (the data folder's SQLite file, read-only, or PostgreSQL
 * with SKYTELLER_DATABASE_URL) with the audit key
 * (SKYTELLER_AUDIT_KEY_FILE), checks every HMAC, link and anchor (the
 * database's, SKYTELLER_AUDIT_ANCHOR_FILE's, and the one given), and prints the
 * verdict as JSON. Exit codes: 0 intact, 1 broken (the first broken entry is
 * named), 2 usage error, no readable database or no key.
 */
import { parseAnchor } from './rules/anchor.js';
import { checkStoredChain } from './chain-check.js';
import { openAuditFiles } from './audit-files.js';

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--anchor');
  const anchor = at >= 0 ? parseAnchor(argv[at + 1] ?? '') : undefined;
  if ((at >= 0 && !anchor) || argv.length !== (at >= 0 ? 2 : 0)) {
    console.error('usage: npm run audit:verify [-- --anchor SEQ:HASH]');
    return 2;
  }
  const files = openAuditFiles();
  if (!files) return 2;
  const verdict = await checkStoredChain({
    source: files.source,
    key: files.key,
    ...(files.config.auditAnchorFile && { anchorFile: files.config.auditAnchorFile }),
    ...(files.tsaCertPem !== undefined && { tsaCertPem: files.tsaCertPem }),
    ...(anchor && { callerAnchor: anchor }),
  });
  console.log(JSON.stringify({ database: files.database, ...verdict }, null, 2));
  return verdict.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
