import { Kysely, PostgresDialect } from 'kysely';
import { openDatabase, type Db } from './database.js';
import type { DialectName } from './dialect.js';
import { postgresPool } from './postgres-pool.js';
import { migratePostgres } from './postgres-migrate.js';
import type { Schema } from './schema.js';
import { sqliteKysely } from './sqlite-kysely.js';

/** The typed, asynchronous query layer every store moves to (README, "Database"). */
export interface SharedDatabase {
  readonly kysely: Kysely<Schema>;
  readonly dialect: DialectName;
  /**
   * Ends PostgreSQL's pool, or closes the SQLite file this opened; a SQLite connection
   * handed in stays open for whoever opened it.
   */
  close(): Promise<void>;
}

/**
 * PostgreSQL when `databaseUrl` is set (config SKYTELLER_DATABASE_URL), brought
 * to the current schema, and then no SQLite file is opened or created; otherwise
 * a Kysely over the embedded SQLite database `sqlite`: a file, opened (and
 * migrated) here, or a connection already open.
 */
export async function openSharedDatabase(options: {
  databaseUrl: string | undefined;
  sqlite: string | Db;
  /** Told when PostgreSQL drops an idle connection (the pool replaces it). */
  onConnectionLost?: (error: Error) => void;
}): Promise<SharedDatabase> {
  if (options.databaseUrl === undefined) {
    const { sqlite } = options;
    const db = typeof sqlite === 'string' ? openDatabase(sqlite) : sqlite;
    return {
      kysely: sqliteKysely<Schema>(db),
      dialect: 'sqlite',
      close: async () => {
        if (typeof sqlite === 'string') db.close();
      },
    };
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
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}
