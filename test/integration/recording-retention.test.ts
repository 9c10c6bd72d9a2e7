import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditCallDetail, AuditVerifyResult } from '../../shared/contracts/auditor.js';
import { AuditTrail } from '../../server/audit/audit-trail.js';
import { LocalRecordingStorage } from '../../server/recording/local-recording-storage.js';
import { RetentionJob } from '../../server/recording/retention-job.js';
import { createLogger } from '../../server/platform/observability/logger.js';
import { AuditStore } from '../../server/audit/audit-store.js';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../server/platform/database/database.js';
import type { Schema } from '../../server/platform/database/schema.js';
import { sqliteKysely } from '../../server/platform/database/sqlite-kysely.js';
import { RecordingStore } from '../../server/recording/recording-store.js';
import { UserStore } from '../../server/identity/user-store.js';
import { httpRequest, login, staffHeaders } from '../support/clients.js';
import { recordedCall, type RecordedCall } from '../support/recorded-call-fixture.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { binaryRequest, jsonOf } from '../support/service-client.js';
import { waitFor } from '../support/wait.js';

const DAY = 86_400_000;

const purgeEntries = (db: Kysely<Schema>) =>
  db
    .selectFrom('audit_log')
    .select(['actor_username as actor', 'target', 'details'])
    .where('action', '=', 'recording.purged')
    .orderBy('seq')
    .execute();

/** What is left in a call's folder. */
const left = (call: RecordedCall) => fs.readdirSync(call.folder).sort();

describe('retention on a real server', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('purges recordings older than the retention at start, keeps manifests and newer ones, and logs each purge', async () => {
    server = await startTestServer();
    const now = Date.now();
    const old = await recordedCall(server, { startedAt: now - 40 * DAY, seconds: 2 });
    const recent = await recordedCall(server, { startedAt: now - 5 * DAY, seconds: 2 });
    const dataDir = server.dataDir;
    await server.close();

    server = await startTestServer({ SKYTELLER_RECORDING_RETENTION_DAYS: '30' }, { dataDir });
    const recordings = new RecordingStore(server.kysely);
    await waitFor(async () => (await recordings.get(old.callId))?.status === 'purged');
    expect(left(old)).toEqual(['manifest.json']);
    expect(left(recent)).toEqual([...Object.keys(recent.files), 'manifest.json'].sort());
    expect(await recordings.get(old.callId)).toMatchObject({
      manifestSha256: old.manifestSha256,
      purgedAt: expect.any(Number),
    });
    expect((await recordings.get(recent.callId))?.status).toBe('complete');
    const entries = await purgeEntries(server.kysely);
    expect(entries).toEqual([{ actor: 'system', target: old.callId, details: expect.any(String) }]);
    expect(JSON.parse(entries[0]!.details)).toMatchObject({
      files: 4,
      retentionDays: 30,
      manifestSha256: old.manifestSha256,
      startedAt: old.startedAt,
    });

    // The auditor sees the purge: files gone (410), the manifest's hash still checks.
    const auth = staffHeaders((await login(server, 'auditor1')).token);
    const file = await binaryRequest(server, 'GET', `/api/recordings/${old.callId}/customer-video-01.webm`, {
      headers: auth,
    });
    expect(file.status).toBe(410);
    expect(jsonOf(file.body)).toMatchObject({ error: { code: 'recording_purged' } });
    const detail = await httpRequest<AuditCallDetail>(server, 'GET', `/api/audit/calls/${old.callId}`, {
      headers: auth,
    });
    expect(detail.body).toMatchObject({
      recordingStatus: 'purged',
      recording: { manifestSha256: old.manifestSha256, tracks: [] },
    });
    const verified = await httpRequest<AuditVerifyResult>(
      server,
      'POST',
      `/api/audit/calls/${old.callId}/verify`,
      {
        headers: auth,
        json: {},
      },
    );
    expect(verified.body).toMatchObject({
      ok: true,
      files: { ok: true, finding: { code: 'purged_manifest_ok' } },
    });
    fs.writeFileSync(path.join(old.folder, 'manifest.json'), '{}');
    const tampered = await httpRequest<AuditVerifyResult>(
      server,
      'POST',
      `/api/audit/calls/${old.callId}/verify`,
      {
        headers: auth,
        json: {},
      },
    );
    expect(tampered.body.files).toMatchObject({
      ok: false,
      mismatches: [{ file: 'manifest.json', problem: 'hash_mismatch' }],
    });
  });
});

describe('the retention job’s schedule', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs again on its interval with the clock it is given, purging what has aged past the retention', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-api-retention-'));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'skyteller.db'));
    await new UserStore(sqliteKysely<Schema>(db)).insert(
      { id: 'u1', username: 'teller1', displayName: 'Teller One', role: 'teller', passwordHash: 'unused' },
      0,
    );
    const recordingsDir = path.join(dir, 'recordings');
    let now = Date.UTC(2036, 5, 1);
    const kysely = sqliteKysely<Schema>(db);
    const call = await recordedCall(
      { kysely, config: { recordingsDir } },
      { startedAt: now - 20 * DAY, seconds: 2 },
    );
    const recordings = new RecordingStore(kysely);
    const job = new RetentionJob({
      db: kysely,
      recordings,
      audit: new AuditTrail(new AuditStore(sqliteKysely<Schema>(db), Buffer.alloc(32, 7)), () => now),
      storage: new LocalRecordingStorage(recordingsDir),
      retentionDays: 30,
      clock: () => now,
      logger: createLogger('silent'),
      intervalMs: 50,
    });
    try {
      job.start();
      expect(await job.runOnce()).toEqual([]);
      now += 11 * DAY;
      await waitFor(async () => (await recordings.get(call.callId))?.status === 'purged');
      expect((await recordings.get(call.callId))?.purgedAt).toBe(now);
      expect(left(call)).toEqual(['manifest.json']);
      // Nothing left to do: later runs write no second entry.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await purgeEntries(kysely)).toHaveLength(1);
    } finally {
      await job.close();
      db.close();
    }
  });
});
