import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../server/recording/media-probe.js';
import { TrackRecorder } from '../../server/recording/track-recorder.js';
import { recorderBench, sleep } from '../support/recorder-kit.js';
import { killAllSenders, startSyntheticSender, type SyntheticSender } from '../support/rtp-sender.js';

let bench: Awaited<ReturnType<typeof recorderBench>>;
let sender: SyntheticSender;
const recorders: TrackRecorder[] = [];

beforeAll(async () => {
  bench = await recorderBench();
  sender = await startSyntheticSender(bench.router);
  await sender.flowing();
});
afterAll(async () => {
  // Whatever a failed test left running: every FFmpeg this file started ends here.
  await Promise.all(recorders.map((r) => r.stop()));
  killAllSenders();
  bench.close();
});

const record = async (producer: SyntheticSender['video'], name: string) => {
  const recorder = await TrackRecorder.start({
    router: bench.router,
    producer,
    basePath: path.join(bench.dir, name),
  });
  recorders.push(recorder);
  return recorder;
};

describe('TrackRecorder with a real worker and FFmpeg', () => {
  it('records VP8 and Opus for 10 s into files with at least 8 s of frames and audio', async () => {
    const video = await record(sender.video, 'video');
    const audio = await record(sender.audio, 'audio');
    await sleep(10_000);
    const [v, a] = await Promise.all([video.stop(), audio.stop()]);
    expect(v).toMatchObject({ status: 'complete', codec: 'video/VP8', kind: 'video' });
    expect(a).toMatchObject({ status: 'complete', codec: 'audio/opus', kind: 'audio' });
    expect(v.file.endsWith('.webm')).toBe(true);
    expect(v.startedAt).toBeLessThanOrEqual(v.endedAt - 10_000);
    const vp = await probeMedia(v.file);
    const ap = await probeMedia(a.file);
    expect(vp.streams).toEqual([{ kind: 'video', codec: 'vp8', packets: expect.any(Number) }]);
    expect(vp.streams[0]!.packets).toBeGreaterThanOrEqual(8 * 15);
    expect(vp.durationMs).toBeGreaterThanOrEqual(8000);
    expect(ap.streams).toEqual([{ kind: 'audio', codec: 'opus', packets: expect.any(Number) }]);
    // 20 ms Opus frames.
    expect(ap.streams[0]!.packets).toBeGreaterThanOrEqual(8 * 50);
    expect(ap.durationMs).toBeGreaterThanOrEqual(8000);
  }, 40_000);

  it('goes on through a producer pause and resume', async () => {
    const video = await record(sender.video, 'paused');
    await sleep(3000);
    await sender.video.pause();
    await sleep(3000);
    await sender.video.resume();
    await sleep(3000);
    const segment = await video.stop();
    expect(segment.status).toBe('complete');
    const probe = await probeMedia(segment.file);
    // 6 s sent around the pause, less up to a second after each start for the
    // synthetic sender's next key frame (it ignores key frame requests).
    expect(probe.streams[0]!.packets).toBeGreaterThanOrEqual(3 * 15);
    // The file's time line spans the pause: frames from after it are there.
    expect(probe.durationMs).toBeGreaterThanOrEqual(7500);
  }, 30_000);

  it('copies H264 into Matroska', async () => {
    const h264 = await startSyntheticSender(bench.router, { h264: true });
    try {
      await h264.flowing();
      const video = await record(h264.video, 'h264');
      await sleep(4000);
      const segment = await video.stop();
      expect(segment).toMatchObject({ status: 'complete', codec: 'video/H264' });
      expect(segment.file.endsWith('.mkv')).toBe(true);
      const probe = await probeMedia(segment.file);
      expect(probe.streams[0]).toMatchObject({ kind: 'video', codec: 'h264' });
      expect(probe.streams[0]!.packets).toBeGreaterThanOrEqual(3 * 15);
    } finally {
      await h264.stop();
    }
  }, 30_000);
});
