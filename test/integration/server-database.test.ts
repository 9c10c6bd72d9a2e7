// The running server's typed query layer: on SQLite it shares the synchronous
// stores' connection (what one writes the other reads at once); with
// SKYTELLER_DATABASE_URL it is PostgreSQL, migrated at start.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../server/platform/database/schema-steps.js';
import { postgresPerFile } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const postgres = postgresPerFile();
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the server's query layer", () => {
  it('reads on SQLite what the synchronous stores wrote, through the same connection', async () => {
    server = await startTestServer();
    const demoAccounts = await server.kysely.selectFrom('users').select('username').execute();
    const synchronous = server.db.prepare('SELECT username FROM users').all();
    expect(demoAccounts.length).toBeGreaterThan(0);
    expect(demoAccounts).toEqual(synchronous);
  });

  it('is PostgreSQL, migrated at start, when SKYTELLER_DATABASE_URL names one', async () => {
    server = await startTestServer({ SKYTELLER_DATABASE_URL: await postgres.freshDatabase() });
    const { rows } = await sql<{ version: number }>`SELECT version FROM schema_version`.execute(
      server.kysely,
    );
    expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
  });
});
