// The guard that keeps `npm run test:postgres` meaningful while the stores move
// to the shared query layer (issue 16). A server given SKYTELLER_DATABASE_URL
// still keeps the stores that are not converted yet in its SQLite file, so a
// test could pass on "PostgreSQL" while its data never left SQLite. After every
// test server of a PostgreSQL run closes, its SQLite file is read: a table that
// gained rows there, and is not listed below, fails the test. Take a table off
// the list once its store is converted; when the list is empty the server needs
// no SQLite connection in PostgreSQL mode, and this guard can go with it.
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/platform/database/database.js';

/** Tables whose stores still write SQLite when SKYTELLER_DATABASE_URL is set, by the feature that owns them. */
export const STILL_ON_SQLITE: ReadonlySet<string> = new Set([
  // call and recording
  'calls',
  'call_tellers',
  'call_events',
  'transfers',
  'recordings',
]);

/** Rows per table of a freshly migrated SQLite database (a migration seeds some). */
let seeded: Map<string, number> | undefined;

/**
 * Throws when the SQLite file in `dataDir` has more rows in a table than a freshly
 * migrated one and the table is not in STILL_ON_SQLITE: that table's data went to
 * SQLite although the server was on PostgreSQL.
 */
export function assertNothingElseOnSqlite(dataDir: string): void {
  seeded ??= freshlyMigrated();
  const db = new Database(path.join(dataDir, 'skyteller.db'), { readonly: true, fileMustExist: true });
  let written: string[];
  try {
    written = [...rowCounts(db)]
      .filter(([table, rows]) => rows > (seeded!.get(table) ?? 0) && !STILL_ON_SQLITE.has(table))
      .map(([table]) => table);
  } finally {
    db.close();
  }
  if (written.length > 0) {
    throw new Error(
      `PostgreSQL run, but the server wrote ${written.join(', ')} to SQLite (${dataDir}): ` +
        'a store or a test helper still uses the SQLite connection (test/support/still-on-sqlite.ts)',
    );
  }
}

function freshlyMigrated(): Map<string, number> {
  const fresh = openDatabase(':memory:');
  try {
    return rowCounts(fresh);
  } finally {
    fresh.close();
  }
}

function rowCounts(db: Database.Database): Map<string, number> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  return new Map(
    tables.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]),
  );
}
