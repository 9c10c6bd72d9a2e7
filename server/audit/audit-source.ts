import Database from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { postgresPool } from '../platform/database/postgres-pool.js';
import type { Schema } from '../platform/database/schema.js';
import { sqliteKysely } from '../platform/database/sqlite-kysely.js';
import { AuditLog } from './audit-log.js';

/** Where a chain is read from: the SQLite file, or the PostgreSQL database (SKYTELLER_DATABASE_URL). */
export type ChainSource = { sqliteFile: string } | { databaseUrl: string };

/** The source as printed by the commands: a file's path, or the URL without its password. */
export function describeSource(source: ChainSource): string {
  if ('sqliteFile' in source) return source.sqliteFile;
  try {
    const url = new URL(source.databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the PostgreSQL database (SKYTELLER_DATABASE_URL)';
  }
}

/**
 * A connection of its own to the chain, for reading only (the verifier's
 * thread, the operator's commands): never migrates, so a database of any age
 * reads as it is. A SQLite file is opened read-only and must exist, so a
 * running server is never locked out. PostgreSQL gets a small pool the reader
 * ends with close().
 */
export function openChainReader(source: ChainSource): { log: AuditLog; close(): Promise<void> } {
  if ('sqliteFile' in source) {
    const db = new Database(source.sqliteFile, { readonly: true, fileMustExist: true });
    return {
      log: new AuditLog(sqliteKysely<Schema>(db)),
      close: async () => void db.close(),
    };
  }
  const kysely = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: postgresPool(source.databaseUrl, () => undefined) }),
  });
  return { log: new AuditLog(kysely), close: () => kysely.destroy() };
}
