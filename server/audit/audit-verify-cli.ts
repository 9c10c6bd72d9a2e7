/**
 * `npm run audit:verify [-- --anchor SEQ:HASH]`: walks the audit chain in the
 * configured data folder's database (SKYTELLER_DATA_DIR) with the audit key
 * (SKYTELLER_AUDIT_KEY_FILE), checks every HMAC, link and anchor (the
 * database's, SKYTELLER_AUDIT_ANCHOR_FILE's, and the one given), and prints the
 * verdict as JSON. Exit codes: 0 intact, 1 broken (the first broken entry is
 * named), 2 usage error, no readable database or no key.
 */
import { parseAnchor } from './rules/anchor.js';
import { checkChainFile } from './chain-check.js';
import { openAuditFiles } from './audit-files.js';

function main(argv: string[]): number {
  const at = argv.indexOf('--anchor');
  const anchor = at >= 0 ? parseAnchor(argv[at + 1] ?? '') : undefined;
  if ((at >= 0 && !anchor) || argv.length !== (at >= 0 ? 2 : 0)) {
    console.error('usage: npm run audit:verify [-- --anchor SEQ:HASH]');
    return 2;
  }
  const files = openAuditFiles();
  if (!files) return 2;
  const verdict = checkChainFile({
    dbFile: files.dbFile,
    key: files.key,
    ...(files.config.auditAnchorFile && { anchorFile: files.config.auditAnchorFile }),
    ...(files.tsaCertPem !== undefined && { tsaCertPem: files.tsaCertPem }),
    ...(anchor && { callerAnchor: anchor }),
  });
  console.log(JSON.stringify({ database: files.dbFile, ...verdict }, null, 2));
  return verdict.ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
