// Global setup of `npm run test:postgres` (vitest.postgres.config.ts): one
// PostgreSQL server for the whole run, in vitest's own process. initdb and
// start-up cost seconds on a busy machine, so the test files share the server
// and each server a test starts gets a database of its own
// (test/support/test-database.ts); the server and its folder go when the run
// ends, failed or not (and with vitest's process, see startPostgres).
//
// Each of those databases is a copy of one migrated here once: copying takes
// a third of a second, migrating an empty database about a second, and the
// run starts hundreds of servers. The servers still run the migrations at
// start, and find nothing to do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../scripts/postgres/postgres-server.js';
import { migratePostgres } from '../../server/platform/database/postgres-migrate.js';
import { postgresPool } from '../../server/platform/database/postgres-pool.js';
import type { Schema } from '../../server/platform/database/schema.js';
import { MIGRATED_TEMPLATE, POSTGRES_ADMIN_URL } from './test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    [POSTGRES_ADMIN_URL]: string;
  }
}

export default async function startRunPostgres(project: TestProject): Promise<() => Promise<void>> {
  // The folder becomes the server user's; a fresh mkdtemp is private to us, so nothing else sees it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-pg-run-'));
  try {
    const server = await startPostgres({ dir });
    try {
      await createMigratedTemplate(server.url);
    } catch (error) {
      await server.stop();
      throw error;
    }
    project.provide(POSTGRES_ADMIN_URL, server.url);
    return async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function createMigratedTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${MIGRATED_TEMPLATE}`);
    const url = new URL(adminUrl);
    url.pathname = `/${MIGRATED_TEMPLATE}`;
    const kysely = new Kysely<Schema>({
      dialect: new PostgresDialect({ pool: postgresPool(url.toString(), () => undefined) }),
    });
    try {
      await migratePostgres(kysely);
    } finally {
      await kysely.destroy();
    }
    // Copied only: a session left on it would stop the copies.
    await admin.query(`ALTER DATABASE ${MIGRATED_TEMPLATE} WITH ALLOW_CONNECTIONS false`);
  } finally {
    await admin.end();
  }
}
