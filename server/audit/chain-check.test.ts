import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { hmacAnchor } from './rules/anchor.js';
import { sampleFacts, TEST_KEY } from './rules/audit-fixtures.js';
import type { ChainSource } from './audit-source.js';
import { AuditStore } from './audit-store.js';
import { ChainVerifier } from './chain-verifier.js';

const databases = databasesPerTest();

describe.each(DIALECTS)('verifying the chain on %s, in the verifier’s thread', (dialect) => {
  it('walks the database’s entries and anchors through a connection of its own', async () => {
    const url = dialect === 'postgres' ? await databases.freshPostgres() : undefined;
    const opened = await databases.open(dialect, url);
    const source: ChainSource = url ? { databaseUrl: url } : { sqliteFile: opened.sqlite.name };
    const store = new AuditStore(opened.kysely, TEST_KEY);
    for (let i = 0; i < 6; i++) await store.append(sampleFacts(i));
    const head = (await store.head())!;
    await store.addAnchor(hmacAnchor(TEST_KEY, head, 1));
    const verifier = new ChainVerifier({ source, key: TEST_KEY });
    try {
      expect(await verifier.verify()).toEqual({
        ok: true,
        entries: 6,
        head: { seq: 6, hash: head.hash },
        anchors: 1,
        legacyEntries: 0,
      });
      // A head kept from before that the database no longer has: the chain was cut or rewritten.
      expect(await verifier.verify({ seq: 6, hash: 'f'.repeat(64) })).toMatchObject({
        ok: false,
        firstBroken: { seq: 6, reason: 'anchor_mismatch' },
      });
      // An anchor the database holds under another key is named as invalid.
      await store.addAnchor(hmacAnchor(Buffer.alloc(32, 9), { seq: 3, hash: 'a'.repeat(64) }, 2));
      expect((await verifier.verify()).firstBroken).toMatchObject({ seq: 3, reason: 'anchor_invalid' });
    } finally {
      await verifier.close();
    }
  });
});

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** One of the operator's commands as a process, with the given environment; its exit code and JSON. */
async function command(script: string, env: Record<string, string>) {
  try {
    const { stdout } = await run('node', ['--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, out: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: JSON.parse(failed.stdout) as Record<string, unknown> };
  }
}

describe('the operator’s audit commands on PostgreSQL (SKYTELLER_DATABASE_URL)', () => {
  it(
    'verify the chain and print its anchors, naming the database without its password',
    { timeout: 120_000 },
    async () => {
      const url = await databases.freshPostgres();
      const store = new AuditStore((await databases.open('postgres', url)).kysely, TEST_KEY);
      for (let i = 0; i < 3; i++) await store.append(sampleFacts(i));
      const head = (await store.head())!;
      await store.addAnchor(hmacAnchor(TEST_KEY, head, 1));
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-audit-cli-'));
      const keyFile = path.join(dataDir, 'audit.key');
      fs.writeFileSync(keyFile, TEST_KEY.toString('base64'), { mode: 0o600 });
      const env = {
        SKYTELLER_DATA_DIR: dataDir,
        SKYTELLER_DATABASE_URL: url,
        SKYTELLER_AUDIT_KEY_FILE: keyFile,
      };
      try {
        const password = new URL(url).password;
        const verified = await command('server/audit/audit-verify-cli.ts', env);
        expect(verified).toMatchObject({ code: 0, out: { ok: true, entries: 3, anchors: 1 } });
        expect(verified.out.database).toEqual(expect.stringContaining(new URL(url).pathname));
        expect(verified.out.database).not.toContain(password);
        const anchors = await command('server/audit/audit-anchors-cli.ts', env);
        expect(anchors).toMatchObject({
          code: 0,
          out: { anchors: [{ source: 'database', seq: 3, hash: head.hash }] },
        });
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
