/**
 * `npm run audit:verify [-- --anchor SEQ:HASH]`: walks the audit chain in the
 * configured data folder's database (SKYTELLER_DATA_DIR) and prints the verdict
 * as JSON. Exit codes: 0 intact, 1 broken (the first broken entry is named),
 * 2 usage error or no readable database.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../platform/config.js';
import { parseAnchor } from './rules/anchor.js';
import { verifyChain } from './rules/verify-chain.js';
import { AuditStore } from './audit-store.js';

function main(argv: string[]): number {
  const at = argv.indexOf('--anchor');
  const anchor = at >= 0 ? parseAnchor(argv[at + 1] ?? '') : undefined;
  if ((at >= 0 && !anchor) || argv.length !== (at >= 0 ? 2 : 0)) {
    console.error('usage: npm run audit:verify [-- --anchor SEQ:HASH]');
    return 2;
  }
  const file = path.join(loadConfig().dataDir, 'skyteller.db');
  let db: Database.Database;
  try {
    // Read-only: verifying must never migrate or lock out the running server.
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    console.error(
      JSON.stringify({ error: { code: 'not_found', message: `${file}: ${(error as Error).message}` } }),
    );
    return 2;
  }
  try {
    const verdict = verifyChain(new AuditStore(db).entries(), anchor ? { anchor } : {});
    console.log(JSON.stringify({ database: file, ...verdict }, null, 2));
    return verdict.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

process.exitCode = main(process.argv.slice(2));
