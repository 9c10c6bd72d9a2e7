// The running server's typed query layer: the data folder's SQLite file by
// default; with SKYTELLER_DATABASE_URL it is PostgreSQL, migrated at start,
// and no SQLite file is opened. The SQLite tests keep their server on SQLite
// in a PostgreSQL run too (startTestServer's `sqlite`): they are about that file.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../server/platform/database/schema-steps.js';
import { httpRequest } from '../support/clients.js';
import { postgresPerFile } from '../support/postgres.js';
import { startTestServer, testEnv, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const postgres = postgresPerFile();
let server: TestServer | undefined;
let other: TestServer | undefined;
afterEach(async () => {
  await Promise.all([server?.close(), other?.close()]);
  server = other = undefined;
});

describe("the server's query layer", () => {
  it('is the data folder’s SQLite file by default: what it writes, another connection to the file reads', async () => {
    server = await startTestServer({}, { sqlite: true });
    const demoAccounts = await server.kysely.selectFrom('users').select('username').execute();
    const file = new Database(path.join(server.dataDir, 'skyteller.db'), { readonly: true });
    try {
      expect(demoAccounts.length).toBeGreaterThan(0);
      expect(demoAccounts).toEqual(file.prepare('SELECT username FROM users').all());
    } finally {
      file.close();
    }
  });

  it('is PostgreSQL, migrated at start, and no SQLite file, when SKYTELLER_DATABASE_URL names one', async () => {
    server = await startTestServer({ SKYTELLER_DATABASE_URL: await postgres.freshDatabase() });
    const { rows } = await sql<{ version: number }>`SELECT version FROM schema_version`.execute(
      server.kysely,
    );
    expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
    expect(fs.existsSync(path.join(server.dataDir, 'skyteller.db'))).toBe(false);
  });
});

describe('the staff command', () => {
  it('adds an account where the server keeps them, PostgreSQL, and opens no SQLite file', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-staff-cli-'));
    const databaseUrl = await postgres.freshDatabase();
    const { stdout } = await run(
      'node',
      [
        '--import',
        'tsx',
        'server/identity/admin/staff-cli.ts',
        'add',
        'auditor9',
        '--role',
        'auditor',
        '--name',
        'Auditor Nine',
      ],
      { cwd: ROOT, env: { ...process.env, ...testEnv(dataDir), SKYTELLER_DATABASE_URL: databaseUrl } },
    );
    expect(JSON.parse(stdout)).toMatchObject({ username: 'auditor9' });
    expect(fs.existsSync(path.join(dataDir, 'skyteller.db'))).toBe(false);

    server = await startTestServer({ SKYTELLER_DATABASE_URL: databaseUrl }, { dataDir });
    const added = await server.kysely
      .selectFrom('users')
      .select('role')
      .where('username', '=', 'auditor9')
      .execute();
    expect(added).toEqual([{ role: 'auditor' }]);
  });
});

describe('the queue leader of a running server', () => {
  it('is the embedded node itself on SQLite, from the start, and /healthz says so', async () => {
    server = await startTestServer({}, { sqlite: true });
    expect(server.leadership.epoch).toBe(1);
    expect(await httpRequest(server, 'GET', '/healthz')).toMatchObject({
      status: 200,
      body: { leader: true },
    });
  });

  it('is one of two servers on one PostgreSQL, and the other once it stops', async () => {
    const databaseUrl = await postgres.freshDatabase();
    server = await startTestServer({ SKYTELLER_DATABASE_URL: databaseUrl });
    other = await startTestServer({ SKYTELLER_DATABASE_URL: databaseUrl });
    expect(server.leadership.epoch).toBe(1);
    expect(other.leadership.isLeader()).toBe(false);
    expect((await httpRequest(other, 'GET', '/healthz')).body).toMatchObject({ leader: false });

    await server.close();
    server = undefined;
    // The stopping server let the lock go; the other takes it at its next attempt (every second).
    await waitFor(() => other!.leadership.isLeader(), 15_000);
    expect(other.leadership.epoch).toBe(2);
    expect((await httpRequest(other, 'GET', '/healthz')).body).toMatchObject({ leader: true });
  });
});
