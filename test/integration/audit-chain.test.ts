import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { setUpCall, transferCall } from '../support/call-setup.js';
import { httpRequest, login, staffHeaders } from '../support/clients.js';
import { tellerAtDesk } from '../support/staff.js';
import { dropAppendOnly } from '../support/tamper.js';
import { withDataOf } from '../support/test-database.js';
import { startTestServer, testEnv, type TestServer } from '../support/test-server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
/** Tests that run the operator's command as a process and restart the server: generous on a loaded machine. */
const SLOW = { timeout: 120_000 };

/** `npm run audit:verify` as an operator runs it, on the test server's data folder; never throws. */
async function auditVerify(dataDir: string): Promise<{ code: number; verdict: Record<string, unknown> }> {
  const env = { ...process.env, ...testEnv(dataDir) };
  try {
    const { stdout } = await run('node', ['--import', 'tsx', 'server/audit/audit-verify-cli.ts'], {
      cwd: ROOT,
      env,
    });
    return { code: 0, verdict: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, verdict: JSON.parse(failed.stdout) as Record<string, unknown> };
  }
}

const verifyApi = async (server: TestServer, username = 'auditor1') => {
  const { token } = await login(server, username);
  return httpRequest<Record<string, unknown>>(server, 'GET', '/api/audit/verify', {
    headers: staffHeaders(token),
  });
};

let server: TestServer | undefined;
afterAll(async () => {
  await server?.close();
});

describe('the audit chain on a real server', () => {
  it(
    'records logins, a failed login and an accepted call, and verifies for auditors only',
    SLOW,
    async () => {
      server = await startTestServer();
      const supervisor = await login(server, 'supervisor1');
      const vip = await httpRequest(server, 'PUT', '/api/vip-customers', {
        json: { idType: 'passport', idNumber: 'XA1234' },
        headers: staffHeaders(supervisor.token),
      });
      expect(vip.status).toBe(204);
      const failed = await httpRequest(server, 'POST', '/api/auth/login', {
        json: { username: 'teller2', password: 'not-the-password' },
      });
      expect(failed.status).toBe(401);
      const call = await setUpCall(server);
      call.customer.close();
      call.teller.close();

      const rows = await server.kysely
        .selectFrom('audit_log')
        .select(['seq', 'actor_username', 'action', 'target'])
        .orderBy('seq')
        .execute();
      expect(rows).toEqual([
        { seq: 1, actor_username: 'supervisor1', action: 'staff.login', target: expect.any(String) },
        { seq: 2, actor_username: 'supervisor1', action: 'vip.added', target: 'passport:**1234' },
        { seq: 3, actor_username: 'teller2', action: 'staff.login_failed', target: null },
        { seq: 4, actor_username: 'teller1', action: 'staff.login', target: expect.any(String) },
        { seq: 5, actor_username: 'teller1', action: 'call.accepted', target: call.tellerCall.callId },
      ]);
      // The triggers refuse edits through SQL.
      const kysely = server.kysely;
      await expect(
        kysely.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', 1).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(kysely.deleteFrom('audit_log').where('seq', '=', 1).execute()).rejects.toThrow(
        /append-only/,
      );

      const { token } = await login(server, 'teller1');
      const refused = await httpRequest(server, 'GET', '/api/audit/verify', {
        headers: staffHeaders(token),
      });
      expect(refused.status).toBe(403);
      const verified = await verifyApi(server);
      // Logins of teller1 and auditor1 came after: 7 entries when the walk ran.
      expect(verified).toMatchObject({ status: 200, body: { ok: true, entries: 7 } });
      const last = await kysely
        .selectFrom('audit_log')
        .select('action')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      expect(last).toEqual({ action: 'audit.verified' });
    },
  );

  it('names a row edited in the database (triggers dropped), from the CLI and the API', SLOW, async () => {
    const dataDir = server!.dataDir;
    await server!.close();
    server = undefined;
    // The recording of the call finished at shutdown: its manifest hash is entry 9.
    expect(await auditVerify(dataDir)).toMatchObject({ code: 0, verdict: { ok: true, entries: 9 } });

    await withDataOf(dataDir, async (db) => {
      await dropAppendOnly(db, 'audit_log', 'update');
      await db.updateTable('audit_log').set({ actor_username: 'admin1' }).where('seq', '=', 3).execute();
    });

    const cli = await auditVerify(dataDir);
    expect(cli).toMatchObject({
      code: 1,
      verdict: { ok: false, firstBroken: { seq: 3, reason: 'hash_mismatch' } },
    });

    server = await startTestServer({}, { dataDir });
    const api = await verifyApi(server);
    expect(api).toMatchObject({
      status: 200,
      body: { ok: false, firstBroken: { seq: 3, reason: 'hash_mismatch' } },
    });
  });

  it('names the first missing row when one is deleted', SLOW, async () => {
    const dataDir = server!.dataDir;
    await server!.close();
    server = undefined;
    await withDataOf(dataDir, async (db) => {
      // Undo the previous edit (the update trigger is already gone), then delete instead.
      await db.updateTable('audit_log').set({ actor_username: 'teller2' }).where('seq', '=', 3).execute();
      await dropAppendOnly(db, 'audit_log', 'delete');
      await db.deleteFrom('audit_log').where('seq', '=', 4).execute();
    });
    expect(await auditVerify(dataDir)).toMatchObject({
      code: 1,
      verdict: { ok: false, firstBroken: { seq: 4, reason: 'seq_gap' } },
    });
  });
});

describe('transfers in the audit chain', () => {
  it('records who asked for a transfer and who took the call over', SLOW, async () => {
    const own = await startTestServer();
    try {
      const call = await setUpCall(own, 'teller1');
      const second = await tellerAtDesk(own, 'teller2');
      const { callId } = call.tellerCall;
      const transfer = await transferCall(call, second);
      for (const socket of [call.customer, call.teller, second.socket]) socket.close();

      const transferRows = () =>
        own.kysely
          .selectFrom('audit_log')
          .select(['actor_username', 'action', 'target', 'details'])
          .where('action', 'like', 'transfer.%')
          .orderBy('seq')
          .execute();
      // The teller's actions are audited in the background of the hand-over.
      await expect
        .poll(async () => (await transferRows()).map((r) => [r.actor_username, r.action, r.target]))
        .toEqual([
          ['teller1', 'transfer.requested', callId],
          ['teller2', 'transfer.completed', callId],
        ]);
      const rows = await transferRows();
      expect(JSON.parse(rows[0]!.details)).toMatchObject({
        transferId: transfer.transferId,
        reason: 'Cantonese speaker needed',
      });
      expect((await verifyApi(own, 'supervisor1')).body).toMatchObject({ ok: true });
    } finally {
      await own.close();
    }
  });
});

describe('what staff look at and when they leave, in the audit chain', () => {
  it('records searches by customer name or ID (masked) and logouts', SLOW, async () => {
    const own = await startTestServer();
    try {
      const { token } = await login(own, 'auditor1');
      const headers = staffHeaders(token);
      const search = (query: string) => httpRequest(own, 'GET', `/api/audit/calls?${query}`, { headers });
      expect((await search(`customer=${encodeURIComponent('王小明')}`)).status).toBe(200);
      expect((await search('customer=11010519491231002X')).status).toBe(200);
      // A search by no customer is no look-up of one.
      expect((await search('serviceId=contact-change')).status).toBe(200);
      expect((await httpRequest(own, 'POST', '/api/auth/logout', { headers })).status).toBeLessThan(300);
      const rows = await own.kysely
        .selectFrom('audit_log')
        .select(['actor_username as who', 'action', 'target', 'details'])
        .where('seq', '>', 1)
        .orderBy('seq')
        .execute();
      expect(rows).toEqual([
        {
          who: 'auditor1',
          action: 'audit.customer_searched',
          target: null,
          details: '{"customer":"王**","results":0}',
        },
        {
          who: 'auditor1',
          action: 'audit.customer_searched',
          target: null,
          details: '{"customer":"**************002X","results":0}',
        },
        {
          who: 'auditor1',
          action: 'staff.logout',
          target: expect.any(String),
          details: '{"ip":"127.0.0.1"}',
        },
      ]);
    } finally {
      await own.close();
    }
  });
});
