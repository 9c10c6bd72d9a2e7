import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../server/platform/database/schema.js';
import { legacyEntryHash } from '../../server/audit/rules/audit-entry.js';
import { login } from '../support/clients.js';
import { startLocalTsa, type LocalTsa } from '../support/local-tsa.js';
import { dropAppendOnly } from '../support/tamper.js';
import { copyDataFolder, withDataOf } from '../support/test-database.js';
import { startTestServer, testEnv } from '../support/test-server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** An operator's command (`npm run audit:verify` / `audit:anchors`) on a data folder; never throws. */
async function auditCli(
  script: 'audit-verify-cli' | 'audit-anchors-cli',
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ code: number; out: Record<string, unknown> }> {
  const fullEnv = { ...process.env, ...testEnv(dataDir), ...env };
  try {
    const { stdout } = await run('node', ['--import', 'tsx', `server/audit/${script}.ts`], {
      cwd: ROOT,
      env: fullEnv,
    });
    return { code: 0, out: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: JSON.parse(failed.stdout) as Record<string, unknown> };
  }
}

type Row = Selectable<Schema['audit_log']>;

/**
 * What someone with the database but not the audit key can do to a stopped
 * server's data folder: rewrite the rows with `change`, renumber them, and
 * recompute every plain SHA-256 hash and link from the first changed entry on,
 * with the triggers dropped.
 */
async function rewrite(
  dataDir: string,
  change: (rows: Row[]) => Row[],
  from: number,
  algorithm?: 'sha256',
): Promise<void> {
  await withDataOf(dataDir, async (db) => {
    await dropAppendOnly(db, 'audit_log', 'update');
    await dropAppendOnly(db, 'audit_log', 'delete');
    const rows = change(await db.selectFrom('audit_log').selectAll().orderBy('seq').execute());
    let prevHash = '';
    const out = rows.map((row, i) => {
      const seq = i + 1;
      if (seq < from) {
        prevHash = row.hash;
        return row;
      }
      const entry = {
        seq,
        at: row.at,
        actor: { userId: row.actor_id, username: row.actor_username },
        action: row.action,
        target: row.target,
        details: JSON.parse(row.details) as Record<string, never>,
        prevHash: seq === 1 ? '0'.repeat(64) : prevHash,
      };
      prevHash = legacyEntryHash(entry);
      return {
        ...row,
        seq,
        prev_hash: entry.prevHash,
        hash: prevHash,
        algorithm: algorithm ?? row.algorithm,
      };
    });
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('audit_log').execute();
      if (out.length > 0) await trx.insertInto('audit_log').values(out).execute();
    });
  });
}

/** Each test runs the operator's commands as processes: generous on a loaded two-core machine. */
const SLOW = { timeout: 180_000 };

const brokenAt = (out: Record<string, unknown>) =>
  (out.firstBroken as { seq: number; reason: string }) ?? null;

describe('an audit chain anchored to a file', () => {
  let dataDir: string;
  let anchorFile: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    anchorFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-anchors-')),
      'audit-anchors.jsonl',
    );
    env = { SKYTELLER_AUDIT_ANCHOR_FILE: anchorFile };
    const server = await startTestServer(env);
    dataDir = server.dataDir;
    for (const who of ['supervisor1', 'teller1', 'auditor1', 'teller2']) await login(server, who);
    await server.close();
  });

  it('appends the keyed head at shutdown, and verifies with it', SLOW, async () => {
    const lines = fs.readFileSync(anchorFile, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'hmac', seq: 4 });
    expect(await auditCli('audit-verify-cli', dataDir, env)).toMatchObject({
      code: 0,
      out: { ok: true, entries: 4, anchors: 2 },
    });
    const exported = await auditCli('audit-anchors-cli', dataDir, env);
    expect(exported.code).toBe(0);
    expect(exported.out.anchors).toEqual([
      expect.objectContaining({ source: 'database', kind: 'hmac', seq: 4 }),
      expect.objectContaining({ source: anchorFile, kind: 'hmac', seq: 4 }),
    ]);
  });

  it(
    'names the first entry edited, deleted or inserted in the database, even with every plain hash recomputed',
    SLOW,
    async () => {
      const cases: [string, (rows: Row[]) => Row[], 'sha256' | undefined][] = [
        [
          'edited',
          (rows) => rows.map((r) => (r.seq === 2 ? { ...r, actor_username: 'admin1' } : r)),
          undefined,
        ],
        [
          'edited, marked unkeyed',
          (rows) => rows.map((r) => (r.seq === 2 ? { ...r, action: 'x' } : r)),
          'sha256',
        ],
        ['deleted', (rows) => rows.filter((r) => r.seq !== 2), undefined],
        ['inserted', (rows) => [rows[0]!, { ...rows[1]!, target: 'forged' }, ...rows.slice(1)], undefined],
      ];
      for (const [what, change, algorithm] of cases) {
        const copy = await copyDataFolder(dataDir);
        await rewrite(copy, change, 2, algorithm);
        const { code, out } = await auditCli('audit-verify-cli', copy, env);
        expect({ what, code, broken: brokenAt(out) }).toEqual({
          what,
          code: 1,
          broken: expect.objectContaining({ seq: 2, reason: 'hash_mismatch' }),
        });
      }
    },
  );

  it('sees the tail cut against the anchor, and an anchor line forged', SLOW, async () => {
    const cut = await copyDataFolder(dataDir);
    await rewrite(cut, (rows) => rows.slice(0, -1), 99);
    // The database's own anchor goes too: only the file's is left to tell.
    await withDataOf(cut, async (db) => {
      await dropAppendOnly(db, 'audit_anchors', 'delete');
      await db.deleteFrom('audit_anchors').execute();
    });
    expect(brokenAt((await auditCli('audit-verify-cli', cut, env)).out)).toMatchObject({
      seq: 4,
      reason: 'anchor_mismatch',
    });

    const forgedFile = `${anchorFile}.forged`;
    const anchor = JSON.parse(fs.readFileSync(anchorFile, 'utf8').trim()) as Record<string, unknown>;
    fs.writeFileSync(forgedFile, JSON.stringify({ ...anchor, seq: 3 }) + '\n');
    const forged = await auditCli('audit-verify-cli', dataDir, { SKYTELLER_AUDIT_ANCHOR_FILE: forgedFile });
    expect(forged).toMatchObject({ code: 1, out: { firstBroken: { seq: 3, reason: 'anchor_invalid' } } });
  });
});

describe('an audit chain anchored by a timestamp authority', () => {
  let tsa: LocalTsa;
  beforeAll(async () => {
    tsa = await startLocalTsa(fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-tsa-')));
  });
  afterAll(() => tsa.close());

  it(
    'keeps an RFC 3161 token over the head that verifies against the TSA certificate only',
    SLOW,
    async () => {
      const env = { SKYTELLER_TSA_URL: tsa.url, SKYTELLER_TSA_CERT: tsa.caFile };
      const server = await startTestServer(env);
      await login(server, 'auditor1');
      await server.close();

      expect(await auditCli('audit-verify-cli', server.dataDir, env)).toMatchObject({
        code: 0,
        out: { ok: true, entries: 1, anchors: 1 },
      });
      const stranger = await auditCli('audit-verify-cli', server.dataDir, {
        ...env,
        SKYTELLER_TSA_CERT: tsa.strangerCaFile,
      });
      expect(stranger).toMatchObject({ code: 1, out: { firstBroken: { seq: 1, reason: 'anchor_invalid' } } });

      // The exported token stands on its own: OpenSSL verifies it against the TSA's CA.
      const { out } = await auditCli('audit-anchors-cli', server.dataDir, env);
      const [anchor] = out.anchors as { kind: string; token: string; imprintSha256: string }[];
      expect(anchor).toMatchObject({ kind: 'tsa' });
      const tokenFile = path.join(server.dataDir, 'anchor.tst');
      fs.writeFileSync(tokenFile, Buffer.from(anchor!.token, 'base64'));
      const { stdout } = await run('openssl', [
        'ts',
        '-verify',
        '-token_in',
        '-in',
        tokenFile,
        '-digest',
        anchor!.imprintSha256,
        '-CAfile',
        tsa.caFile,
        '-untrusted',
        tsa.certFile,
      ]);
      expect(stdout).toMatch(/Verification: OK/);
    },
  );
});
