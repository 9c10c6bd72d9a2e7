/**
 * npm run bench:recording — CALLS concurrent synthetic calls (default 20), each
 * with two participants sending VP8 + Opus (pre-encoded, sent by FFmpeg with
 * `-c copy`, so senders cost little) into one router of one mediasoup worker,
 * all four tracks of every call recorded for SECONDS (default 60). Prints JSON:
 * recorder FFmpeg CPU (% of one core) and memory per call, the worker's CPU,
 * video frames lost (recorded against those the steady 15 fps senders sent
 * between each file's first and last frame), and frames recorded against 15
 * fps over each recorder's whole time (start-up and stop latency). Writes
 * bench/results/recording.json.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as mediasoup from 'mediasoup';
import { MEDIA_CODECS } from '../server/platform/media/media-codecs.js';
import { CallRecording } from '../server/recording/call-recording.js';
import { probeMedia } from '../server/recording/media-probe.js';
import { killAllSenders, preEncodeSource, startSyntheticSender } from '../test/support/rtp-sender.js';
import { cpuSeconds, memoryMiB } from './proc-usage.js';
import { round } from './stats.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const FPS = 15;
const run = promisify(execFile);

/** Frames a steady 15 fps sender sent from the file's first recorded frame to its last. */
async function framesSentBetweenFirstAndLast(file: string): Promise<number> {
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const times = stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number)
    .filter(Number.isFinite);
  if (times.length === 0) return 0;
  return Math.round((Math.max(...times) - Math.min(...times)) * FPS) + 1;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-bench-rec-'));
const source = path.join(dir, 'source.webm');
preEncodeSource(source, 10);
const worker = await mediasoup.createWorker({ logLevel: 'warn' });
const calls: { recording: CallRecording; senders: Awaited<ReturnType<typeof startSyntheticSender>>[] }[] = [];
try {
  for (let i = 0; i < CALLS; i++) {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const senders = [
      await startSyntheticSender(router, { frequency: 440, source }),
      await startSyntheticSender(router, { frequency: 660, source }),
    ];
    await Promise.all(senders.map((s) => s.flowing()));
    const recording = new CallRecording({
      callId: `bench-${i}`,
      router,
      recordingsDir: dir,
      startedAt: Date.now(),
    });
    const roles = ['customer', 'teller'] as const;
    for (const [n, sender] of senders.entries()) {
      const who = { key: roles[n]!, role: roles[n]!, displayName: roles[n]! };
      await recording.record(who, sender.video);
      await recording.record(who, sender.audio);
    }
    calls.push({ recording, senders });
  }
  // Measured once every recorder runs, after FFmpeg's start-up (probing the input).
  await sleep(2000);
  const recorderPids = calls.flatMap((c) => c.recording.recorderPids);
  const startCpu = new Map(recorderPids.map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  const workerStart = cpuSeconds(worker.pid) ?? 0;
  const startedAt = performance.now();
  // Peak of each figure per process over the run.
  const peaks = new Map<number, { rss: number; pss: number; private: number }>();
  for (let t = 0; t < SECONDS; t++) {
    await sleep(1000);
    for (const pid of [...recorderPids, worker.pid]) {
      const now = memoryMiB(pid);
      const peak = peaks.get(pid) ?? { rss: 0, pss: 0, private: 0 };
      if (!now) continue;
      peaks.set(pid, {
        rss: Math.max(peak.rss, now.rss),
        pss: Math.max(peak.pss, now.pss),
        private: Math.max(peak.private, now.private),
      });
    }
  }
  const elapsed = (performance.now() - startedAt) / 1000;
  const recorderCpu = recorderPids.reduce(
    (sum, pid) => sum + ((cpuSeconds(pid) ?? 0) - startCpu.get(pid)!),
    0,
  );
  const workerCpu = (cpuSeconds(worker.pid) ?? 0) - workerStart;
  const recorderMemory = (field: 'rss' | 'pss' | 'private') =>
    round(recorderPids.reduce((sum, pid) => sum + (peaks.get(pid)?.[field] ?? 0), 0) / CALLS, 1);

  let framesRecorded = 0;
  let framesExpected = 0;
  let framesSentInSpan = 0;
  for (const call of calls) {
    await call.recording.writeManifest([]);
    for (const segment of call.recording.segments.filter((x) => x.kind === 'video')) {
      const probe = await probeMedia(segment.file);
      framesRecorded += probe.streams[0]?.packets ?? 0;
      // What the senders sent while the recorder was on (server clock), at their 15 fps.
      framesExpected += Math.round(((segment.endedAt - segment.startedAt) / 1000) * FPS);
      framesSentInSpan += await framesSentBetweenFirstAndLast(segment.file);
    }
  }
  const result = {
    calls: CALLS,
    seconds: round(elapsed, 1),
    cores: os.availableParallelism(),
    loadAverage: os.loadavg().map((x) => round(x, 2)),
    recorderProcessesPerCall: recorderPids.length / CALLS,
    recorderCpuPercentOfCorePerCall: round(((recorderCpu / elapsed) * 100) / CALLS, 2),
    // Private is what one more call adds; RSS counts FFmpeg's shared libraries again in every process.
    recorderMemoryMiBPerCall: {
      private: recorderMemory('private'),
      pss: recorderMemory('pss'),
      rss: recorderMemory('rss'),
    },
    workerCpuPercentOfCore: round((workerCpu / elapsed) * 100, 2),
    // The worker forwards each call twice: senders into the router, consumers out to the recorders.
    workerCpuPercentOfCorePerCall: round(((workerCpu / elapsed) * 100) / CALLS, 2),
    workerRssMiB: round(peaks.get(worker.pid)?.rss ?? 0, 1),
    framesRecorded,
    // The senders keep a steady 15 fps: every frame between a file's first and last one was sent.
    framesSentBetweenFirstAndLastRecorded: framesSentInSpan,
    framesLost: framesSentInSpan - framesRecorded,
    framesExpected,
    // Negative: FFmpeg's probe buffer also holds frames from just before the recorder's start time.
    framesMissingPercent: round((100 * (framesExpected - framesRecorded)) / Math.max(1, framesExpected), 2),
  };
  console.log(JSON.stringify(result, null, 2));
  const out = path.join(import.meta.dirname, 'results', 'recording.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await Promise.all(calls.map((c) => c.recording.stop()));
  killAllSenders();
  worker.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
