// Where the test servers keep their data: SQLite files on an ordinary run; on
// `npm run test:postgres`, a PostgreSQL database per data folder
// (test/support/test-database.ts), with the guard that fails a server that
// still wrote a converted store's table to SQLite (test/support/still-on-sqlite.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/platform/database/database.js';
import { tableSnapshot } from '../support/abuse.js';
import { assertNothingElseOnSqlite } from '../support/still-on-sqlite.js';
import { testsOnPostgres } from '../support/test-database.js';
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
  const migratedFolder = (): string => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-guard-'));
    openDatabase(path.join(dataDir, 'skyteller.db')).close();
    return dataDir;
  };
  const write = (dataDir: string, statement: string): void => {
    const db = openDatabase(path.join(dataDir, 'skyteller.db'));
    db.prepare(statement).run();
    db.close();
  };

  it('passes a SQLite file that only its migrations wrote, or only stores not converted yet', () => {
    const dataDir = migratedFolder();
    expect(() => assertNothingElseOnSqlite(dataDir)).not.toThrow();
    write(dataDir, `INSERT INTO settings (key, value) VALUES ('k', 'v')`);
    expect(() => assertNothingElseOnSqlite(dataDir)).not.toThrow();
  });

  it('names a converted store’s table that gained rows in SQLite', () => {
    const dataDir = migratedFolder();
    write(
      dataDir,
      `INSERT INTO cluster_nodes (id, url, pid, leader, routers, live_calls, cpu_percent, event_loop_lag_ms, started_at, last_seen_at)
       VALUES ('n', 'https://n', 1, 0, 0, 0, 0, 0, 1, 1)`,
    );
    expect(() => assertNothingElseOnSqlite(dataDir)).toThrow(/wrote cluster_nodes to SQLite/);
  });

  it('checks every test server as it closes, on a PostgreSQL run', async () => {
    const server = await startTestServer();
    server.db
      .prepare(
        `INSERT INTO cluster_nodes (id, url, pid, leader, routers, live_calls, cpu_percent, event_loop_lag_ms, started_at, last_seen_at)
         VALUES ('stray', 'https://stray', 1, 0, 0, 0, 0, 0, 1, 1)`,
      )
      .run();
    if (testsOnPostgres()) await expect(server.close()).rejects.toThrow(/wrote cluster_nodes to SQLite/);
    // On SQLite the node list is SQLite's to keep.
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
