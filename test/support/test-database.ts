// Which database the test servers keep their data in. SQLite (a file in the
// server's data folder) unless the run says SKYTELLER_TEST_DATABASE=postgres,
// as `npm run test:postgres` (vitest.postgres.config.ts) does: then every
// server a test starts gets a fresh database on the run's one PostgreSQL
// server (test/support/postgres-global-setup.ts).
//
// No static import of vitest here: benches and the servers tests start in
// child processes import test-server.ts outside the test runner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Schema } from '../../server/platform/database/schema.js';
import { openSharedDatabase } from '../../server/platform/database/shared-database.js';

export const TEST_DATABASE_VARIABLE = 'SKYTELLER_TEST_DATABASE';

/** The database the global setup migrated, which every test database copies. */
export const MIGRATED_TEMPLATE = 'skyteller_migrated';

/** The key under which the global setup hands the PostgreSQL server's admin URL to the test files. */
export const POSTGRES_ADMIN_URL = 'postgresAdminUrl';

export function testsOnPostgres(): boolean {
  return process.env[TEST_DATABASE_VARIABLE] === 'postgres';
}

/**
 * The database of each data folder this test file gave one: a server restarted
 * on the same folder, a child process and a CLI run on it find the same data,
 * as they find the same SQLite file.
 */
const databases = new Map<string, string>();

/** SKYTELLER_DATABASE_URL for a data folder that has a PostgreSQL database; nothing otherwise. */
export function databaseEnvOf(dataDir: string): Record<string, string> {
  const url = databases.get(dataDir);
  return url === undefined ? {} : { SKYTELLER_DATABASE_URL: url };
}

/**
 * On a PostgreSQL run, gives `dataDir` a fresh database (as the migrations leave it) unless it has
 * one (see databaseEnvOf); on a SQLite run does nothing.
 */
export async function provideDatabase(dataDir: string): Promise<void> {
  if (!testsOnPostgres() || databases.has(dataDir)) return;
  const name = `test_${crypto.randomUUID().replaceAll('-', '')}`;
  await asAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${MIGRATED_TEMPLATE}`));
  const url = new URL(await adminUrl());
  url.pathname = `/${name}`;
  databases.set(dataDir, url.toString());
}

/**
 * Drops every database this test file created (test/support/postgres-file-setup.ts
 * runs it after the file), ending the sessions a server the test left open still holds.
 */
export async function dropDatabases(): Promise<void> {
  const names = [...databases.values()].map((url) => new URL(url).pathname.slice(1));
  databases.clear();
  if (names.length === 0) return;
  await asAdmin(async (admin) => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

async function asAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: await adminUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function adminUrl(): Promise<string> {
  // Only a PostgreSQL run gets here, and only inside vitest, whose global setup started the server.
  const { inject } = await import('vitest');
  const url = inject(POSTGRES_ADMIN_URL);
  if (!url) {
    throw new Error(
      `${TEST_DATABASE_VARIABLE}=postgres needs the PostgreSQL server of vitest.postgres.config.ts: npm run test:postgres -- <files>`,
    );
  }
  return url;
}

/**
 * The database a test server on `dataDir` kept its data in, opened anew (the
 * server may be closed): its SQLite file, or its PostgreSQL database on a
 * PostgreSQL run. Close it after use.
 */
export async function openDataOf(
  dataDir: string,
): Promise<{ kysely: Kysely<Schema>; close(): Promise<void> }> {
  const shared = await openSharedDatabase({
    databaseUrl: databaseEnvOf(dataDir).SKYTELLER_DATABASE_URL,
    sqlite: path.join(dataDir, 'skyteller.db'),
  });
  return { kysely: shared.kysely, close: () => shared.close() };
}

/** Runs `work` on a (stopped) server's data through openDataOf, and closes it after. */
export async function withDataOf<T>(dataDir: string, work: (db: Kysely<Schema>) => Promise<T>): Promise<T> {
  const data = await openDataOf(dataDir);
  try {
    return await work(data.kysely);
  } finally {
    await data.close();
  }
}

/**
 * A copy of a stopped server's data folder (keys, files) to tamper with, with a copy of its
 * database: the SQLite file comes with the folder; on a PostgreSQL run the copy gets a database
 * cloned from the original's (which nothing may be connected to).
 */
export async function copyDataFolder(dataDir: string): Promise<string> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-tampered-'));
  fs.cpSync(dataDir, copy, { recursive: true });
  const original = databases.get(dataDir);
  if (original !== undefined) {
    const name = `test_${crypto.randomUUID().replaceAll('-', '')}`;
    const source = new URL(original).pathname.slice(1);
    await asAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${source}`));
    const url = new URL(original);
    url.pathname = `/${name}`;
    databases.set(copy, url.toString());
  }
  return copy;
}

/**
 * Throws when a server that was on PostgreSQL left a SQLite file in its data folder: with
 * SKYTELLER_DATABASE_URL it keeps nothing in SQLite, so a file means a store, a tool or a test
 * helper still opened one (startTestServer checks every server it started as it closes).
 */
export function assertNoSqliteFile(dataDir: string): void {
  const file = path.join(dataDir, 'skyteller.db');
  if (fs.existsSync(file)) {
    throw new Error(`the server was on PostgreSQL, but ${file} exists: something opened SQLite`);
  }
}
