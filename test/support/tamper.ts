// What the tests that play an attacker or an operator with database access do
// to the stored rows, on either dialect (the server's `kysely`): the audit
// tables refuse UPDATE and DELETE through triggers of the same names on both.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Schema } from '../../server/platform/database/schema.js';

/** Drops `table`'s append-only trigger for `verb`, as someone with the database's owner rights could. */
export async function dropAppendOnly(
  db: Kysely<Schema>,
  table: 'audit_log' | 'audit_anchors',
  verb: 'update' | 'delete',
): Promise<void> {
  const trigger = sql.id(`${table}_no_${verb}`);
  // PostgreSQL's triggers are named per table; SQLite's per database.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await (
    postgres ? sql`DROP TRIGGER ${trigger} ON ${sql.table(table)}` : sql`DROP TRIGGER ${trigger}`
  ).execute(db);
}

/** How many rows `table` holds. */
export async function rowCount(db: Kysely<Schema>, table: keyof Schema): Promise<number> {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
