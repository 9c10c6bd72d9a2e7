import { Kysely, PostgresDialect } from 'kysely';
import type { Db } from './database.js';
import type { DialectName } from './dialect.js';
import { postgresPool } from './postgres-pool.js';
import { migratePostgres } from './postgres-migrate.js';
import type { Schema } from './schema.js';
import { sqliteKysely } from './sqlite-kysely.js';

/** The typed, asynchronous query layer every store moves to (README, "Database"). */
export interface SharedDatabase {
  readonly kysely: Kysely<Schema>;
  readonly dialect: DialectName;
  /** Ends PostgreSQL's pool; SQLite's connection stays open for whoever opened it. */
  close(): Promise<void>;
}

/**
 * PostgreSQL when `databaseUrl` is set (config SKYTELLER_DATABASE_URL), brought
 * to the current schema; otherwise a Kysely over `sqlite`, the connection the
 * synchronous stores use, already migrated by openDatabase.
 */
export async function openSharedDatabase(options: {
  databaseUrl: string | undefined;
  sqlite: Db;
  /** Told when PostgreSQL drops an idle connection (the pool replaces it). */
  onConnectionLost?: (error: Error) => void;
}): Promise<SharedDatabase> {
  if (options.databaseUrl === undefined) {
    return { kysely: sqliteKysely<Schema>(options.sqlite), dialect: 'sqlite', close: async () => undefined };
  }
  const kysely = new Kysely<Schema>({
    dialect: new PostgresDialect({
      pool: postgresPool(options.databaseUrl, options.onConnectionLost ?? (() => undefined)),
    }),
  });
  try {
    await migratePostgres(kysely);
  } catch (error) {
    await kysely.destroy();
    throw error;
  }
  // While the stores straddle the two databases, SQLite's rows name rows that now live in
  // PostgreSQL (a teller's profile names its account): SQLite cannot check those references.
  options.sqlite.pragma('foreign_keys = OFF');
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}
