import { sql } from 'kysely';
import type { MigrationDb } from './dialect.js';
import { LOCK_KEYS } from './lock-keys.js';
import { assertNotNewer, compiledStep, SCHEMA_VERSION } from './schema-steps.js';

/**
 * Brings a PostgreSQL database to SCHEMA_VERSION with the portable steps, in
 * one transaction (PostgreSQL's DDL is transactional: a failed step leaves the
 * schema as it was). The transaction holds an advisory lock first, so nodes
 * starting together migrate one after the other: the second finds the work
 * done. schema_version is PostgreSQL's user_version: one row, the count of
 * steps applied.
 */
export async function migratePostgres(db: MigrationDb): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_KEYS.migrations.toString()}::bigint)`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_version (
      id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      version integer NOT NULL
    )`.execute(trx);
    const row = await trx.selectFrom('schema_version').select('version').executeTakeFirst();
    const current = (row?.version as number | undefined) ?? 0;
    assertNotNewer(current);
    if (current === SCHEMA_VERSION) return;
    for (let version = current; version < SCHEMA_VERSION; version++) {
      for (const statement of compiledStep(trx, 'postgres', version)) await trx.executeQuery(statement);
    }
    await sql`INSERT INTO schema_version (id, version) VALUES (1, ${SCHEMA_VERSION})
      ON CONFLICT (id) DO UPDATE SET version = excluded.version`.execute(trx);
  });
}
