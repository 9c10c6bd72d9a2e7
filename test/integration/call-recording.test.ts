import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_CODECS } from '../../server/platform/media/media-codecs.js';
import { CallRecording } from '../../server/recording/call-recording.js';
import { sha256File } from '../../server/recording/manifest-writer.js';
import { probeMedia } from '../../server/recording/media-probe.js';
import { readJournal } from '../../server/recording/recording-journal.js';
import { recorderBench, sleep } from '../support/recorder-kit.js';
import { waitFor } from '../support/wait.js';
import { killAllSenders, startSyntheticSender, type SyntheticSender } from '../support/rtp-sender.js';

let bench: Awaited<ReturnType<typeof recorderBench>>;
let customer: SyntheticSender;
let teller: SyntheticSender;
const recordings: CallRecording[] = [];

const CUSTOMER = { key: 'customer', role: 'customer', displayName: 'Li Lei' } as const;
const TELLER = { key: 'teller:t1', role: 'teller', displayName: 'Teller One' } as const;

beforeAll(async () => {
  bench = await recorderBench();
  [customer, teller] = await Promise.all([
    startSyntheticSender(bench.router, { frequency: 440 }),
    startSyntheticSender(bench.router, { frequency: 660 }),
  ]);
  await Promise.all([customer.flowing(), teller.flowing()]);
});
afterAll(async () => {
  // Every FFmpeg this file started ends here, whatever a failed test left.
  await Promise.all(recordings.map((r) => r.stop()));
  killAllSenders();
  bench.close();
});

const newRecording = (callId: string) => {
  const recording = new CallRecording({
    callId,
    router: bench.router,
    recordingsDir: bench.dir,
    startedAt: Date.now(),
  });
  recordings.push(recording);
  return recording;
};

describe('CallRecording with a real worker and FFmpeg', () => {
  it('records both parties, starts a new segment when a producer is replaced, and writes a manifest', async () => {
    const recording = newRecording('call-1');
    const startedAt = Date.now();
    await Promise.all([
      recording.record(CUSTOMER, customer.video),
      recording.record(CUSTOMER, customer.audio),
      recording.record(TELLER, teller.video),
      recording.record(TELLER, teller.audio),
    ]);
    await sleep(5000);
    // The customer reconnects: new producers, the old ones close a moment later.
    const again = await startSyntheticSender(bench.router, { frequency: 550 });
    await again.flowing();
    const reconnectAt = Date.now();
    await Promise.all([recording.record(CUSTOMER, again.video), recording.record(CUSTOMER, again.audio)]);
    await customer.stop();
    await sleep(5500);
    const { file, manifest } = await recording.writeManifest([
      { at: startedAt, type: 'call.started', actor: TELLER.key },
      { at: reconnectAt, type: 'participant.rejoined', actor: CUSTOMER.key },
    ]);
    await again.stop();

    expect(path.dirname(file)).toBe(
      path.join(bench.dir, new Date(startedAt).toISOString().slice(0, 10), 'call-1'),
    );
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(manifest);
    expect(manifest.interrupted).toBe(false);
    const byTrack = Object.fromEntries(
      manifest.tracks.map((t) => [`${t.participantKey}/${t.kind}`, t.segments]),
    );
    expect(Object.keys(byTrack).sort()).toEqual([
      'customer/audio',
      'customer/video',
      'teller:t1/audio',
      'teller:t1/video',
    ]);
    expect(byTrack['customer/video']!.map((s) => s.file)).toEqual([
      'customer-video-01.webm',
      'customer-video-02.webm',
    ]);
    const [first, second] = byTrack['customer/video']!;
    expect(second!.startOffsetMs).toBeGreaterThanOrEqual(first!.startOffsetMs + 4500);
    for (const key of ['teller:t1/video', 'teller:t1/audio']) {
      expect(byTrack[key]).toHaveLength(1);
      expect(byTrack[key]![0]!.durationMs).toBeGreaterThanOrEqual(8000);
    }
    const tellerVideo = await probeMedia(path.join(recording.folder, byTrack['teller:t1/video']![0]!.file));
    expect(tellerVideo.streams[0]!.packets).toBeGreaterThanOrEqual(8 * 15);
    for (const track of manifest.tracks) {
      for (const s of track.segments) {
        expect(s.status).toBe('complete');
        expect(s.sha256).toBe(await sha256File(path.join(recording.folder, s.file)));
        expect(s.bytes).toBe(fs.statSync(path.join(recording.folder, s.file)).size);
      }
    }
    expect(manifest.events.map((e) => e.type)).toEqual(['call.started', 'participant.rejoined']);
    expect(manifest.events[1]!.offsetMs).toBeGreaterThanOrEqual(4500);
    // No SDP or temp file left beside the media, the manifest and the journal of segments started.
    expect(
      fs
        .readdirSync(recording.folder)
        .filter((f) => !/\.(webm|mkv)$|^manifest\.json$|^segments\.jsonl$/.test(f)),
    ).toEqual([]);
    expect(readJournal(recording.folder).map((e) => [e.participant.key, e.file])).toEqual(
      expect.arrayContaining([
        ['customer', 'customer-video-01.webm'],
        ['customer', 'customer-video-02.webm'],
        ['teller:t1', 'teller_t1-audio-01.webm'],
      ]),
    );
  }, 60_000);

  it('leaves a readable file when FFmpeg is killed with SIGKILL, marked interrupted', async () => {
    const recording = newRecording('call-killed');
    await recording.record(TELLER, teller.video);
    await sleep(4000);
    const [pid] = recording.recorderPids;
    process.kill(pid!, 'SIGKILL');
    const { manifest } = await recording.writeManifest([]);
    const [segment] = manifest.tracks[0]!.segments;
    expect(segment!.status).toBe('interrupted');
    expect(manifest.interrupted).toBe(true);
    // No trailer (no duration, no cues), but every finished cluster is there: at most the last second is lost.
    const probe = await probeMedia(path.join(recording.folder, segment!.file));
    expect(probe.streams[0]).toMatchObject({ kind: 'video', codec: 'vp8' });
    expect(probe.streams[0]!.packets).toBeGreaterThanOrEqual(2 * 15);
    expect(probe.durationMs).toBeGreaterThanOrEqual(2000);
  }, 30_000);

  it('finishes its files when the call’s router is closed under it', async () => {
    const { router } = await bench.pool.createRouter(MEDIA_CODECS);
    const sender = await startSyntheticSender(router, { frequency: 330 });
    try {
      await sender.flowing();
      const recording = new CallRecording({
        callId: 'call-closed',
        router,
        recordingsDir: bench.dir,
        startedAt: Date.now(),
      });
      recordings.push(recording);
      await recording.record(CUSTOMER, sender.video);
      await recording.record(CUSTOMER, sender.audio);
      // Past FFmpeg's probe (the next key frame, then 1.5 s): both files have data, however loaded the machine.
      const folder = path.join(bench.dir, new Date().toISOString().slice(0, 10), 'call-closed');
      await waitFor(() => {
        const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.webm')) : [];
        return files.length === 2 && files.every((f) => fs.statSync(path.join(folder, f)).size > 8192);
      }, 20_000);
      await sleep(2500);
      router.close();
      const segments = await recording.stop();
      // No media comes any more: the BYE still ends FFmpeg's input, and it finishes each file whole.
      expect(segments.map((x) => [x.status, x.ffmpegExit])).toEqual([
        ['complete', { code: 0, signal: null }],
        ['complete', { code: 0, signal: null }],
      ]);
      for (const segment of segments) {
        const probe = await probeMedia(segment.file);
        expect(probe.durationMs).toBeGreaterThanOrEqual(1500);
        expect(probe.finished).toBe(true);
      }
      await expect(recording.record(CUSTOMER, sender.video)).rejects.toMatchObject({
        code: 'recorder_closed',
      });
    } finally {
      await sender.stop();
    }
  }, 45_000);
});
