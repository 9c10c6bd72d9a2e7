import type { CompiledQuery } from 'kysely';
import { dialectSpelling, type DialectName, type MigrationDb } from './dialect.js';
import { MIGRATIONS } from './migrations.js';
import { PORTABLE_MIGRATIONS } from './portable-migrations.js';

/**
 * The schema version a database reaches after every migration: SQLite's
 * user_version and PostgreSQL's schema_version count the same steps.
 */
export const SCHEMA_VERSION = Math.max(MIGRATIONS.length, PORTABLE_MIGRATIONS.length);

/** Version `version + 1`'s portable step, compiled for `db`'s dialect. */
export function compiledStep(db: MigrationDb, dialect: DialectName, version: number): CompiledQuery[] {
  const step = PORTABLE_MIGRATIONS[version];
  if (!step) throw new Error(`database migration ${version + 1} has no portable step for ${dialect}`);
  return step(db, dialectSpelling(dialect)).map((statement) => statement.compile());
}

export function assertNotNewer(current: number): void {
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${current} is newer than this Skyteller (${SCHEMA_VERSION}); upgrade Skyteller`,
    );
  }
}
