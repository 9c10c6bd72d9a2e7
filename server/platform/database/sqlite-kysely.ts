import { Kysely, SqliteDialect } from 'kysely';
import type Database from 'better-sqlite3';

/**
 * A Kysely over an open better-sqlite3 connection, sharing it with the
 * synchronous stores while they are converted one by one. Kysely's destroy()
 * would close the connection under them, so it gets a view whose close() does
 * nothing: whoever opened the connection closes it.
 */
export function sqliteKysely<DB>(connection: Database.Database): Kysely<DB> {
  const shared = {
    prepare: (text: string) => connection.prepare(text),
    close: () => undefined,
  };
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: shared }) });
}
