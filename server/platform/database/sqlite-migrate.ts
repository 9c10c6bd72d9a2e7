import type Database from 'better-sqlite3';
import type { MigrationDb } from './dialect.js';
import { MIGRATIONS } from './migrations.js';
import { assertNotNewer, compiledStep, SCHEMA_VERSION } from './schema-steps.js';
import { sqliteKysely } from './sqlite-kysely.js';

/**
 * Brings a SQLite database to SCHEMA_VERSION; PRAGMA user_version counts the
 * steps applied. The released SQL (migrations.ts) keeps running as written, so
 * every existing deployment's schema stays byte for byte what it was; a step
 * beyond that list is a portable step, compiled for SQLite. Each step commits
 * on its own, as before.
 */
export function migrateSqlite(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  assertNotNewer(current);
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      if (version < MIGRATIONS.length) db.exec(MIGRATIONS[version]!);
      else runPortableStep(db, version);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** Runs version `version + 1`'s portable step on SQLite, synchronously (tests build whole schemas with it). */
export function runPortableStep(db: Database.Database, version: number): void {
  const compiler = sqliteKysely<unknown>(db) as MigrationDb;
  for (const statement of compiledStep(compiler, 'sqlite', version)) {
    db.prepare(statement.sql).run(...(statement.parameters as unknown[]));
  }
}
