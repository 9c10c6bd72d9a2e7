import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditCallDetail, AuditVerifyResult } from '../../shared/contracts/auditor.js';
import { RecordingStore } from '../../server/recording/recording-store.js';
import { closedRecording, sendIntoCall, tellerKeyOf } from '../support/call-media.js';
import { httpRequest, login, request, staffHeaders, type TestSocket } from '../support/clients.js';
import { sleep } from '../support/recorder-kit.js';
import { killAllSenders, type SyntheticSender } from '../support/rtp-sender.js';
import { startS3Server, type TestS3Server } from '../support/s3-server.js';
import { binaryRequest, serviceCall } from '../support/service-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const DAY = 86_400_000;

let s3: TestS3Server;
let server: TestServer | undefined;
const sockets: TestSocket[] = [];
const senders: SyntheticSender[] = [];
beforeAll(async () => {
  s3 = await startS3Server();
});
afterEach(async () => {
  await Promise.all(senders.splice(0).map((s) => s.stop()));
  for (const socket of sockets.splice(0)) socket.close();
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  killAllSenders();
  await s3.stop();
});

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const keysUnder = async (prefix: string) => (await s3.bucket.list(prefix)).map((o) => o.key);

describe('a call recorded into an S3 bucket', () => {
  it('uploads fragments while the call runs, keeps each finished file and the manifest as objects, serves ranges from them with an audit entry, verify re-hashes them, and retention deletes them', async () => {
    server = await startTestServer(s3.env);
    const call = await serviceCall(server, 'contact-change', sockets);
    const { callId } = call;
    const tellerKey = await tellerKeyOf(server.kysely, callId);
    for (const [key, frequency] of [
      ['customer', 440],
      [tellerKey, 660],
    ] as const)
      senders.push(await sendIntoCall(server, callId, key, { frequency }));

    // While the call still runs, every track's media is already in the bucket, fragment by fragment.
    const fragments = `calls/${callId}/fragments/`;
    const tracksWithFragments = async () =>
      new Set((await keysUnder(fragments)).map((key) => key.slice(fragments.length).split('/')[0])).size;
    await waitFor(async () => (await tracksWithFragments()) === 4, 30_000);
    const firstSeen = (await keysUnder(fragments)).length;
    await waitFor(async () => (await keysUnder(fragments)).length > firstSeen, 15_000);
    expect((await new RecordingStore(server.kysely).get(callId))?.status).toBe('recording');
    expect(server.rooms.get(callId)).toBeDefined();
    await sleep(2000);

    await request(call.teller, 'call:hangUp', { callId });
    const { row, manifest } = await closedRecording(server.kysely, callId);
    expect(row.status).toBe('complete');
    const segments = manifest.tracks.flatMap((t) => t.segments);
    expect(segments).toHaveLength(4);
    for (const segment of segments) {
      // The manifest names each object; its bytes are the ones hashed.
      expect(segment.object).toBe(`calls/${callId}/${segment.file}`);
      const bytes = (await s3.bucket.get(segment.object!))!;
      expect(bytes.length, segment.file).toBe(segment.bytes);
      expect(sha256(bytes), segment.file).toBe(segment.sha256);
      // The node's copy is gone: the bucket keeps the recording.
      expect(fs.existsSync(path.join(row.folder, segment.file))).toBe(false);
    }
    const storedManifest = (await s3.bucket.get(`calls/${callId}/manifest.json`))!;
    expect(sha256(storedManifest)).toBe(row.manifestSha256);
    // Fragments go once the finished files are in.
    expect(await keysUnder(fragments)).toEqual([]);

    // The auditor's player asks the server for a range; the server reads it from the bucket.
    const video = segments.find((s) => s.file.startsWith('customer-video'))!;
    const whole = (await s3.bucket.get(video.object!))!;
    const { token } = await login(server, 'auditor1');
    const ranged = await binaryRequest(server, 'GET', `/api/recordings/${callId}/${video.file}`, {
      headers: { ...staffHeaders(token), range: 'bytes=100-1099' },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers).toMatchObject({
      'content-range': `bytes 100-1099/${whole.length}`,
      'content-type': 'video/webm',
      'content-length': '1000',
    });
    expect(ranged.body.equals(whole.subarray(100, 1100))).toBe(true);
    const accessed = await server.kysely
      .selectFrom('audit_log')
      .select(['actor_username as actor', 'details'])
      .where('action', '=', 'recording.accessed')
      .where('target', '=', callId)
      .execute();
    expect(accessed).toHaveLength(1);
    expect(accessed[0]!.actor).toBe('auditor1');
    expect(JSON.parse(accessed[0]!.details)).toEqual({
      file: video.file,
      range: 'bytes=100-1099',
      status: 206,
      served: `100-1099/${whole.length}`,
    });

    // The auditor's call page reads the manifest from the bucket, whatever the node's folder holds.
    fs.rmSync(path.join(row.folder, 'manifest.json'));
    const detail = await httpRequest<AuditCallDetail>(server, 'GET', `/api/audit/calls/${callId}`, {
      headers: staffHeaders(token),
    });
    expect(detail.status).toBe(200);
    expect(detail.body.recording?.tracks).toHaveLength(4);

    // Verify re-hashes the objects: a changed byte in the bucket is found.
    const verify = () =>
      httpRequest<AuditVerifyResult>(server!, 'POST', `/api/audit/calls/${callId}/verify`, {
        headers: staffHeaders(token),
        json: {},
      });
    expect((await verify()).body.files).toEqual({
      ok: true,
      finding: { code: 'files_ok', total: 4 },
      mismatches: [],
    });
    whole[Math.floor(whole.length / 2)]! ^= 0x01;
    await s3.bucket.put(video.object!, whole);
    expect((await verify()).body.files).toMatchObject({
      ok: false,
      mismatches: [{ file: video.file, problem: 'hash_mismatch' }],
    });

    // Forty days on, with a thirty-day retention, only the manifest is left in the bucket.
    const { dataDir } = server;
    await server.close();
    server = undefined;
    const later = () => Date.now() + 40 * DAY;
    server = await startTestServer(
      { ...s3.env, SKYTELLER_RECORDING_RETENTION_DAYS: '30' },
      { dataDir, clock: later },
    );
    const recordings = new RecordingStore(server.kysely);
    await waitFor(async () => (await recordings.get(callId))?.status === 'purged', 20_000);
    expect(await keysUnder(`calls/${callId}/`)).toEqual([`calls/${callId}/manifest.json`]);
    const purge = await server.kysely
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'recording.purged')
      .where('target', '=', callId)
      .executeTakeFirstOrThrow();
    // Four media objects, the journal's object and the journal left in the node's folder.
    expect(JSON.parse(purge.details)).toMatchObject({ files: 6, retentionDays: 30 });
  }, 120_000);
});
