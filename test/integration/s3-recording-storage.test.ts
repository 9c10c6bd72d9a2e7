import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/platform/config.js';
import { S3Bucket } from '../../server/platform/object-storage/s3-bucket.js';
import { createLogger } from '../../server/platform/observability/logger.js';
import { JOURNAL_FILE } from '../../server/recording/recording-journal.js';
import type { RecordingRow } from '../../server/recording/recording-store.js';
import { recoverRecording } from '../../server/recording/recording-recovery.js';
import { S3RecordingStorage } from '../../server/recording/s3-recording-storage.js';
import { OPUS_ENCODING } from '../support/rtp-sender.js';
import { startS3Server, type TestS3Server } from '../support/s3-server.js';
import { waitFor } from '../support/wait.js';

let s3: TestS3Server;
let dir: string;
beforeAll(async () => {
  s3 = await startS3Server();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-s3-storage-'));
});
afterAll(async () => {
  await s3.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const storageOf = () => new S3RecordingStorage(s3.bucket, dir, createLogger('silent'), 100);
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const folderOf = (callId: string) => {
  const folder = path.join(dir, '2036-06-01', callId);
  fs.mkdirSync(folder, { recursive: true });
  return folder;
};
const rowOf = (callId: string, folder: string): RecordingRow => ({
  callId,
  folder,
  startedAt: 0,
  status: 'complete',
  endedAt: 1,
  manifestSha256: null,
  purgedAt: null,
});
const keys = async (prefix: string) => (await s3.bucket.list(prefix)).map((o) => o.key);

describe('recordings in an S3 bucket (s3rver)', () => {
  it('uploads what a growing file gained as numbered fragments, whose concatenation is the file', async () => {
    const folder = folderOf('call-fragments');
    const file = path.join(folder, 'customer-video-01.webm');
    fs.writeFileSync(file, '');
    const follower = storageOf().follow('call-fragments', file);
    const written: Buffer[] = [];
    for (let i = 0; i < 3; i++) {
      const chunk = crypto.randomBytes(1000 + i);
      written.push(chunk);
      fs.appendFileSync(file, chunk);
      const before = (await keys('calls/call-fragments/fragments/')).length;
      await waitFor(async () => (await keys('calls/call-fragments/fragments/')).length > before, 10_000);
    }
    await follower.stop();
    const fragments = await keys('calls/call-fragments/fragments/customer-video-01.webm/');
    expect(fragments).toEqual(
      fragments.map(
        (_, i) => `calls/call-fragments/fragments/customer-video-01.webm/${String(i + 1).padStart(6, '0')}`,
      ),
    );
    const parts = await Promise.all(fragments.map((key) => s3.bucket.get(key)));
    expect(Buffer.concat(parts.map((p) => p!)).equals(Buffer.concat(written))).toBe(true);
  });

  it('closes a recording whose node was lost from its journal and fragments: interrupted, published whole, served by range, purged to its manifest', async () => {
    const callId = 'call-lost-node';
    const storage = storageOf();
    const lost = folderOf(callId);
    // Three seconds of Opus in WebM, as the node's FFmpeg had written it, uploaded in two fragments.
    const made = path.join(dir, 'tone.webm');
    execFileSync('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=3', ...OPUS_ENCODING, made,
    ]); // prettier-ignore
    const media = fs.readFileSync(made);
    const entry = {
      participant: { key: 'customer', role: 'customer', displayName: 'Li Lei' },
      file: 'customer-audio-01.webm',
      kind: 'audio',
      codec: 'audio/opus',
      producerId: 'p1',
      startedAt: 10,
    };
    fs.writeFileSync(path.join(lost, JOURNAL_FILE), `${JSON.stringify(entry)}\n`);
    await storage.journalWritten(callId, lost);
    const cut = Math.floor(media.length / 2);
    await s3.bucket.put(`calls/${callId}/fragments/customer-audio-01.webm/000001`, media.subarray(0, cut));
    await s3.bucket.put(`calls/${callId}/fragments/customer-audio-01.webm/000002`, media.subarray(cut));
    // The node is gone, and its disk with it.
    fs.rmSync(lost, { recursive: true });

    const folder = folderOf(callId);
    const { manifest, sha256: manifestSha256 } = await recoverRecording({
      callId,
      folder,
      startedAt: 0,
      events: [],
      storage,
    });
    expect(manifest.interrupted).toBe(true);
    const [segment] = manifest.tracks[0]!.segments;
    expect(segment).toMatchObject({
      file: 'customer-audio-01.webm',
      object: `calls/${callId}/customer-audio-01.webm`,
      status: 'interrupted',
      sha256: sha256(media),
      bytes: media.length,
    });
    expect(segment!.durationMs).toBeGreaterThan(2500);
    expect(await keys(`calls/${callId}/`)).toEqual([
      `calls/${callId}/customer-audio-01.webm`,
      `calls/${callId}/manifest.json`,
      `calls/${callId}/segments.jsonl`,
    ]);
    expect(sha256((await s3.bucket.get(`calls/${callId}/customer-audio-01.webm`))!)).toBe(sha256(media));
    // The folder's copy went once the bucket had it.
    expect(fs.existsSync(path.join(folder, 'customer-audio-01.webm'))).toBe(false);

    const row = rowOf(callId, folder);
    expect(await storage.readManifest(row)).toMatchObject({
      status: 'ok',
      manifest: { callId },
      sha256: manifestSha256,
    });
    const stored = (await storage.open(row, segment!))!;
    expect(stored.size).toBe(media.length);
    expect((await buffer(await stored.read(100, 1099))).equals(media.subarray(100, 1100))).toBe(true);

    // The journal in the folder, and the media and journal objects.
    const journalBytes = fs.statSync(path.join(folder, JOURNAL_FILE)).size;
    expect(await storage.purge(row)).toEqual({ files: 3, bytes: media.length + 2 * journalBytes });
    expect(await keys(`calls/${callId}/`)).toEqual([`calls/${callId}/manifest.json`]);
  });
});

/**
 * A TCP relay to the S3 server that cuts the first `drops` connections on which an upload
 * (a PUT) starts, as a load balancer restarting or a server timing out would.
 */
async function droppingRelay(
  target: string,
  drops: number,
): Promise<{ endpoint: string; dropped: () => number; close: () => void }> {
  const { hostname, port } = new URL(target);
  let dropped = 0;
  const relay = net.createServer((client) => {
    const server = net.connect(Number(port), hostname);
    client.on('data', (chunk: Buffer) => {
      if (dropped < drops && chunk.subarray(0, 4).toString('latin1') === 'PUT ') {
        dropped += 1;
        client.destroy();
        server.destroy();
        return;
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    for (const [one, other] of [
      [client, server],
      [server, client],
    ] as const) {
      one.on('error', () => other.destroy());
      one.on('close', () => other.destroy());
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`,
    dropped: () => dropped,
    close: () => relay.close(),
  };
}

describe('a finished file put into a bucket whose connection drops', () => {
  it('is put whole on a later try, read anew from disk', async () => {
    const relay = await droppingRelay(s3.env.SKYTELLER_S3_ENDPOINT!, 2);
    const bucket = new S3Bucket(
      loadConfig({ ...s3.env, SKYTELLER_S3_ENDPOINT: relay.endpoint }).objectStorage!,
    );
    try {
      const file = path.join(dir, 'finished.webm');
      const bytes = crypto.randomBytes(300_000);
      fs.writeFileSync(file, bytes);
      await bucket.putFile('calls/dropped/finished.webm', file);
      expect(relay.dropped()).toBe(2);
      expect(sha256((await s3.bucket.get('calls/dropped/finished.webm'))!)).toBe(sha256(bytes));
    } finally {
      bucket.close();
      relay.close();
    }
  });
});
