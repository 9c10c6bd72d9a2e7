import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { openDatabase, type Db } from '../../server/platform/database/database.js';
import type { DialectName } from '../../server/platform/database/dialect.js';
import { openSharedDatabase, type SharedDatabase } from '../../server/platform/database/shared-database.js';
import { postgresPerFile } from './postgres.js';

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export interface OpenedDatabase extends SharedDatabase {
  /** The SQLite connection beside it (the one the Kysely handle uses on SQLite). */
  readonly sqlite: Db;
}

export interface DatabasesPerTest {
  /** A migrated SQLite file in the file's temp folder (a new one unless named), closed after the test. */
  sqliteFile(name?: string): Db;
  /** The query layer on a fresh database of that dialect (PostgreSQL: `url`, or a new database). */
  open(dialect: DialectName, url?: string): Promise<OpenedDatabase>;
  /** A new, empty PostgreSQL database on the file's server. */
  freshPostgres(): Promise<string>;
}

/**
 * Databases for store tests that run on both dialects: one PostgreSQL server
 * for the file (test/support/postgres.ts), fresh databases per test, and
 * everything a test opened closed after it.
 */
export function databasesPerTest(): DatabasesPerTest {
  const postgres = postgresPerFile();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-databases-'));
  const opened: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of opened.splice(0).reverse()) await close();
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const sqliteFile = (name = `${crypto.randomUUID()}.db`): Db => {
    const db = openDatabase(path.join(tmp, name));
    opened.push(() => void db.close());
    return db;
  };
  return {
    sqliteFile,
    freshPostgres: () => postgres.freshDatabase(),
    async open(dialect, url) {
      const sqlite = sqliteFile();
      const databaseUrl = dialect === 'postgres' ? (url ?? (await postgres.freshDatabase())) : undefined;
      const shared = await openSharedDatabase({ databaseUrl, sqlite });
      opened.push(() => shared.close());
      return { ...shared, sqlite };
    },
  };
}
