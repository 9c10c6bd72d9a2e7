import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processesUsing } from '../../server/recording/folder-writers.js';
import { probeMedia } from '../../server/recording/media-probe.js';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import { RecordingStore } from '../../server/recording/recording-store.js';
import { login, type TestSocket } from '../support/clients.js';
import { startMediaServerChild, type MediaServerChild } from '../support/media-server-process.js';
import { sleep } from '../support/recorder-kit.js';
import { startS3Server, type TestS3Server } from '../support/s3-server.js';
import { serviceCall } from '../support/service-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-node-loss-'));
const sockets: TestSocket[] = [];
let s3: TestS3Server | undefined;
let node: MediaServerChild | undefined;
let restarted: TestServer | undefined;

afterAll(async () => {
  for (const s of sockets) s.close();
  node?.child.kill('SIGKILL');
  for (const pid of node?.senderPids ?? []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  await restarted?.close();
  await s3?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const killAll = (pids: number[]) => {
  for (const pid of pids) process.kill(pid, 'SIGKILL');
};

describe('a node lost in the middle of a call recorded into S3', () => {
  it('costs a few seconds of each track: the next start rebuilds the segments from their fragments, marks them interrupted and keeps them in the bucket', async () => {
    s3 = await startS3Server();
    node = await startMediaServerChild(dataDir, s3.env);
    const call = await serviceCall(node, 'contact-change', sockets);
    const { callId } = call;
    const tellerId = (await login(node, 'teller1')).user.id;
    await node.send(callId, 'customer');
    await node.send(callId, `teller:${tellerId}`);
    const fragments = `calls/${callId}/fragments/`;
    const tracksInBucket = async () =>
      new Set((await s3!.bucket.list(fragments)).map((o) => o.key.slice(fragments.length).split('/')[0]))
        .size;
    await waitFor(async () => (await tracksInBucket()) === 4, 30_000);
    await sleep(6000);

    // The node goes: the server, its FFmpegs and its disk's recordings with it.
    const folder = path.join(dataDir, 'recordings', new Date().toISOString().slice(0, 10), callId);
    const lostAt = Date.now();
    node.child.kill('SIGKILL');
    await new Promise((resolve) => node!.child.once('exit', resolve));
    killAll([...node.senderPids, ...(await processesUsing(folder))]);
    fs.rmSync(folder, { recursive: true });

    restarted = await startTestServer(s3.env, { dataDir });
    const row = (await new RecordingStore(restarted.kysely).get(callId))!;
    expect(row).toMatchObject({ status: 'interrupted', folder });
    const manifestBytes = (await s3.bucket.get(`calls/${callId}/manifest.json`))!;
    expect(crypto.createHash('sha256').update(manifestBytes).digest('hex')).toBe(row.manifestSha256);
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as RecordingManifest;
    expect(manifest.interrupted).toBe(true);
    const segments = manifest.tracks.flatMap((t) => t.segments);
    expect(segments).toHaveLength(4);
    for (const segment of segments) {
      expect(segment.status).toBe('interrupted');
      const bytes = (await s3.bucket.get(segment.object!))!;
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(segment.sha256);
      // Playable as it is: a WebM up to its last whole cluster.
      const copy = path.join(dataDir, `probe-${segment.file}`);
      fs.writeFileSync(copy, bytes);
      expect((await probeMedia(copy)).streams[0]!.packets, segment.file).toBeGreaterThan(0);
      // Lost: the last fragment interval (2 s), FFmpeg's unwritten cluster (1 s) and the wait for
      // the first key frame (1 s with the synthetic senders), with room for a loaded machine.
      const recordedFor = lostAt - (manifest.startedAt + segment.startOffsetMs);
      expect(segment.durationMs, segment.file).toBeGreaterThan(recordedFor - 8000);
    }
    expect(await s3.bucket.list(fragments)).toEqual([]);
    expect(fs.readdirSync(folder).filter((f) => f.endsWith('.webm'))).toEqual([]);
  }, 120_000);
});
