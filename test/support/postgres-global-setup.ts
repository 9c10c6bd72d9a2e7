// Global setup of `npm run test:postgres` (vitest.postgres.config.ts): one
// PostgreSQL server for the whole run, in vitest's own process. initdb and
// start-up cost seconds on a busy machine, so the test files share the server
// and each server a test starts gets a database of its own
// (test/support/test-database.ts); the server and its folder go when the run
// ends, failed or not (and with vitest's process, see startPostgres).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../scripts/postgres/postgres-server.js';
import { POSTGRES_ADMIN_URL } from './test-database.js';

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
