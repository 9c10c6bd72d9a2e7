// Where the test servers keep their data: SQLite files on an ordinary run; on
// `npm run test:postgres`, a PostgreSQL database per data folder
// (test/support/test-database.ts), with the guard that fails a server on
// PostgreSQL that left a SQLite file in its data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/platform/database/database.js';
import { tableSnapshot } from '../support/abuse.js';
import { assertNoSqliteFile, testsOnPostgres } from '../support/test-database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const running: TestServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});
const started = async (...args: Parameters<typeof startTestServer>): Promise<TestServer> => {
  const server = await startTestServer(...args);
  running.push(server);
  return server;
};
const stop = async (server: TestServer): Promise<void> => {
  running.splice(running.indexOf(server), 1);
  await server.close();
};

describe('a test server', () => {
  it("keeps its data in the run's database, and finds it again when started on the same folder", async () => {
    const first = await started();
    expect(first.config.databaseUrl?.startsWith('postgres://') ?? false).toBe(testsOnPostgres());
    expect(first.leadership.epoch).toBe(1);
    await stop(first);

    // Each start of the node raises the fencing epoch in the store: the second start saw the first's.
    const again = await started({}, { dataDir: first.dataDir });
    expect(again.config.databaseUrl).toBe(first.config.databaseUrl);
    expect(again.leadership.epoch).toBe(2);
  });

  it('shares no data with a server on another folder', async () => {
    const one = await started({ SKYTELLER_NODE_ID: 'node-one' });
    const other = await started({ SKYTELLER_NODE_ID: 'node-other' });
    const nodesSeenBy = async (server: TestServer): Promise<string[]> =>
      (await server.kysely.selectFrom('cluster_nodes').select('id').execute()).map((row) => row.id);
    expect(await nodesSeenBy(one)).toEqual(['node-one']);
    expect(await nodesSeenBy(other)).toEqual(['node-other']);
  });
});

describe('the guard of a PostgreSQL run', () => {
  const sqliteFileOf = (server: TestServer) => path.join(server.dataDir, 'skyteller.db');

  it('finds no SQLite file by a server on PostgreSQL; a server on SQLite keeps its data in one', async () => {
    const server = await started();
    expect(fs.existsSync(sqliteFileOf(server))).toBe(!testsOnPostgres());
    await stop(server);
    expect(fs.existsSync(sqliteFileOf(server))).toBe(!testsOnPostgres());
  });

  it('names a SQLite file in a folder, and passes a folder without one', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-guard-'));
    expect(() => assertNoSqliteFile(dataDir)).not.toThrow();
    openDatabase(path.join(dataDir, 'skyteller.db')).close();
    expect(() => assertNoSqliteFile(dataDir)).toThrow(/skyteller\.db exists: something opened SQLite/);
  });

  it('checks every test server as it closes, on a PostgreSQL run', async () => {
    const server = await startTestServer();
    // A helper that opens the data folder's SQLite file while the server runs.
    openDatabase(sqliteFileOf(server)).close();
    if (testsOnPostgres()) await expect(server.close()).rejects.toThrow(/something opened SQLite/);
    // On SQLite the file is the server's own.
    else await expect(server.close()).resolves.toBeUndefined();
  });
});

describe("the abuse tests' snapshot of the server's tables", () => {
  it('is the same while no row changes, and differs once one does, on either dialect', async () => {
    const server = await started();
    // The node's heartbeat rewrites its cluster_nodes row every few seconds.
    const snapshot = (except: string[] = []) => tableSnapshot(server.kysely, ['cluster_nodes', ...except]);
    const before = await snapshot();
    expect(before).toHaveProperty('settings', expect.objectContaining({ rows: 0 }));
    expect(await snapshot()).toEqual(before);

    await server.kysely.insertInto('settings').values({ key: 'probe', value: 'one' }).execute();
    const after = await snapshot();
    expect(after.settings!.rows).toBe(1);
    expect(await snapshot(['settings'])).toEqual(
      Object.fromEntries(Object.entries(before).filter(([table]) => table !== 'settings')),
    );
    await server.kysely.updateTable('settings').set({ value: 'two' }).execute();
    expect((await snapshot()).settings!.sha256).not.toBe(after.settings!.sha256);
  });
});
