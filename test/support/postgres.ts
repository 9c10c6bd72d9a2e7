import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type RunningPostgres } from '../../scripts/postgres/postgres-server.js';

export interface PostgresPerFile {
  /** A new, empty database on the file's server; its postgres:// URL. Call it in a test or a beforeEach. */
  freshDatabase(): Promise<string>;
}

/**
 * One PostgreSQL server for the whole test file (initdb costs about a second),
 * and a new database for every test that asks, so tests share nothing. The
 * server and its folder go when the file ends.
 */
export function postgresPerFile(): PostgresPerFile {
  let dir: string | undefined;
  let server: RunningPostgres | undefined;
  let count = 0;
  beforeAll(async () => {
    // The folder itself becomes the server user's; a fresh mkdtemp is private to us, so nothing else sees it.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-pg-'));
    server = await startPostgres({ dir });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    async freshDatabase() {
      if (!server) throw new Error('the PostgreSQL server exists only while the file runs');
      const name = `test_${process.pid}_${++count}`;
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      return url.toString();
    },
  };
}
