import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/platform/observability/logger.js';
import { JOURNAL_FILE } from '../../server/recording/recording-journal.js';
import type { RecordingRow } from '../../server/recording/recording-store.js';
import { buildManifest } from '../../server/recording/rules/recording-manifest.js';
import { writeManifest } from '../../server/recording/manifest-writer.js';
import { S3RecordingStorage } from '../../server/recording/s3-recording-storage.js';
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

  it('brings back a lost folder from the journal and fragments, publishes the files whole, serves ranges and purges all but the manifest', async () => {
    const callId = 'call-lost-node';
    const storage = storageOf();
    const lost = folderOf(callId);
    const media = crypto.randomBytes(5000);
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
    await s3.bucket.put(`calls/${callId}/fragments/customer-audio-01.webm/000001`, media.subarray(0, 3000));
    await s3.bucket.put(`calls/${callId}/fragments/customer-audio-01.webm/000002`, media.subarray(3000));
    // The node is gone, and its disk with it.
    fs.rmSync(lost, { recursive: true });

    const folder = folderOf(callId);
    await storage.restore(callId, folder);
    const restored = path.join(folder, 'customer-audio-01.webm');
    expect(fs.readFileSync(restored).equals(media)).toBe(true);

    const manifest = buildManifest({
      callId,
      startedAt: 0,
      folder,
      participants: [entry.participant as never],
      segments: [
        {
          file: restored,
          kind: 'audio',
          codec: 'audio/opus',
          producerId: 'p1',
          startedAt: 10,
          endedAt: 20,
          status: 'interrupted',
          ffmpegExit: { code: null, signal: null },
          participantKey: 'customer',
          durationMs: null,
          sha256: sha256(media),
          bytes: media.length,
        },
      ],
      events: [],
      interrupted: true,
      objectPrefix: storage.objectPrefix(callId),
    });
    expect(manifest.tracks[0]!.segments[0]!.object).toBe(`calls/${callId}/customer-audio-01.webm`);
    writeManifest(folder, manifest);
    await storage.publish(callId, folder, manifest);
    expect(await keys(`calls/${callId}/`)).toEqual([
      `calls/${callId}/customer-audio-01.webm`,
      `calls/${callId}/manifest.json`,
      `calls/${callId}/segments.jsonl`,
    ]);
    expect(sha256((await s3.bucket.get(`calls/${callId}/customer-audio-01.webm`))!)).toBe(sha256(media));
    // The node's copy went once the bucket had it.
    expect(fs.existsSync(restored)).toBe(false);

    const row = rowOf(callId, folder);
    const read = await storage.readManifest(row);
    expect(read).toMatchObject({ status: 'ok', manifest: { callId } });
    const stored = (await storage.open(row, manifest.tracks[0]!.segments[0]!))!;
    expect(stored.size).toBe(media.length);
    expect((await buffer(await stored.read(100, 1099))).equals(media.subarray(100, 1100))).toBe(true);

    // The journal in the folder, and the media and journal objects.
    const journalBytes = fs.statSync(path.join(folder, JOURNAL_FILE)).size;
    expect(await storage.purge(row)).toEqual({ files: 3, bytes: media.length + 2 * journalBytes });
    expect(await keys(`calls/${callId}/`)).toEqual([`calls/${callId}/manifest.json`]);
  });
});
