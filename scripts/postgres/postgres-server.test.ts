import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startPostgres } from './postgres-server.js';

async function query(url: string, sql: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('initialises a cluster, serves it on loopback as a non-root user, and keeps its data across a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-pg-launcher-'));
    dirs.push(dir);
    const first = await startPostgres({ dir });
    expect(new URL(first.url).hostname).toBe('127.0.0.1');
    await query(first.url, 'CREATE TABLE kept (v integer); INSERT INTO kept VALUES (7)');
    const [owner] = await query(first.url, "SELECT current_setting('data_directory') AS dir");
    expect(owner?.dir).toBe(dir);
    // The server's files belong to the server's user, never root (PostgreSQL refuses root).
    expect(fs.statSync(path.join(dir, 'PG_VERSION')).uid).not.toBe(0);
    await first.stop();
    await expect(query(first.url, 'SELECT 1')).rejects.toThrow();

    const second = await startPostgres({ dir });
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 7 }]);
    await second.stop();
  });

  it('refuses a connection without the password', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-pg-launcher-'));
    dirs.push(dir);
    const server = await startPostgres({ dir });
    try {
      const anonymous = new URL(server.url);
      anonymous.password = '';
      await expect(query(anonymous.toString(), 'SELECT 1')).rejects.toThrow(/password/);
    } finally {
      await server.stop();
    }
  });
});
