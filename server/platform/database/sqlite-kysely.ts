import { Kysely, SqliteDialect } from 'kysely';
import type Database from 'better-sqlite3';

/**
 * A Kysely over an open better-sqlite3 connection (migrated by openDatabase,
 * which runs the migrations synchronously on it). Kysely's destroy() would
 * close the connection under its opener, so it gets a view whose close() does
 * nothing: whoever opened the connection closes it.
 *
 * Its transactions begin IMMEDIATE, taking the file's write lock first: a
 * read-then-write (the audit chain's head, then the next entry) in another
 * process on the same file (the staff CLI beside the server) then waits for
 * this one rather than reading a head that is stale by the time it writes.
 */
export function sqliteKysely<DB>(connection: Database.Database): Kysely<DB> {
  const shared = {
    prepare: (text: string) => connection.prepare(text === 'begin' ? 'begin immediate' : text),
    close: () => undefined,
  };
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: shared }) });
}
