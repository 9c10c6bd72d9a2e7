/**
 * npm run bench:face — face inference figures on this machine:
 *  - time per 640×480 frame (p50/p95), one worker thread, for the ssd path
 *    (detect + landmarks + descriptor; reference and match frames) and the
 *    tiny path (the same with the tiny detector; challenge frames);
 *  - frames per second per worker thread, peak memory (RSS);
 *  - a 3-second challenge at 5 frames/s fed as it would arrive: time from the
 *    last frame to the verdict, and the main event loop's delay meanwhile;
 *  - false accepts / false rejects on the fixtures at the default threshold.
 * Prints JSON and writes it to bench/results/face.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../server/config.js';
import { pickChallenge } from '../server/domain/face/challenge.js';
import { descriptorDistance } from '../server/domain/face/descriptor-distance.js';
import { eyeAspectRatio } from '../server/domain/face/eye-aspect-ratio.js';
import { judgeFaceCheck, type AnalysedFrame } from '../server/domain/face/face-check-verdict.js';
import { headYaw } from '../server/domain/face/head-yaw.js';
import { DEFAULT_LIVENESS_THRESHOLDS } from '../server/domain/face/liveness-thresholds.js';
import { countPairErrors, scorePairs } from '../server/domain/face/pair-evaluation.js';
import type { AnalyseOptions, ImageAnalysis } from '../server/face/face-findings.js';
import { FaceEngine } from '../server/face/face-engine.js';
import { resample, type RgbImage } from '../server/face/rgb-image.js';
import { AUGMENTATIONS, decodeFixture, encodeJpeg } from '../test/support/face-augmentations.js';
import { calibrationSet } from '../test/support/face-calibration.js';
import { readFaceFixture } from '../test/support/face-fixtures.js';
import { LEFT_THEN_RIGHT, syntheticTurnFrames } from '../test/support/synthetic-head-moves.js';

const RUNS = Number(process.env.BENCH_FRAMES ?? 20);
const FRAME_INTERVAL_MS = 200;
const config = loadConfig().face;

/** The portrait centred on a grey 640×480 webcam-sized frame. */
function webcamFrame(photo: RgbImage): Uint8Array {
  const frame: RgbImage = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3).fill(128) };
  const face = resample(photo, { x: 0, y: 0, width: photo.width, height: photo.height }, 480, 480);
  for (let row = 0; row < 480; row++) {
    frame.data.set(face.data.subarray(row * 480 * 3, (row + 1) * 480 * 3), (row * 640 + 80) * 3);
  }
  return encodeJpeg(frame, 85);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

async function timePerFrame(engine: FaceEngine, frame: Uint8Array, options: Partial<AnalyseOptions>) {
  await engine.analyse(frame, options); // the first run of a path compiles its kernels
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await engine.analyse(frame, options);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  return {
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    fpsPerWorker: round(1000 / mean),
  };
}

const observe = (analysis: ImageAnalysis, reference: Float32Array): AnalysedFrame => {
  const [face] = analysis.faces;
  if (analysis.faces.length !== 1 || !face) return { faceCount: analysis.faces.length };
  return {
    faceCount: 1,
    yaw: headYaw(face.landmarks),
    eyeAspectRatio: eyeAspectRatio(face.landmarks),
    ...(face.descriptor ? { distance: descriptorDistance(face.descriptor, reference) } : {}),
  };
};

/**
 * Frames arrive every 200 ms and go to the pool at once: every frame on the
 * tiny path for landmarks, every fifth also on the ssd path for the match.
 */
async function challengeRun(engine: FaceEngine, frames: Uint8Array[], reference: Float32Array) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const jobs: Promise<AnalysedFrame>[] = [];
  for (const [i, frame] of frames.entries()) {
    const tiny = engine.analyse(frame, { detector: 'tiny', descriptors: false });
    const ssd = i % 5 === 0 ? engine.analyse(frame, { detector: 'ssd', descriptors: true }) : null;
    jobs.push(
      Promise.all([tiny, ssd]).then(([landmarks, match]) => ({
        ...observe(landmarks, reference),
        ...(match?.faces.length === 1 ? { distance: observe(match, reference).distance } : {}),
      })),
    );
    if (i < frames.length - 1) await sleep(FRAME_INTERVAL_MS);
  }
  const lastFrameAt = performance.now();
  const analysed = await Promise.all(jobs);
  const verdict = judgeFaceCheck(['turn-left', 'turn-right'], analysed, {
    match: { threshold: config.matchThreshold, reviewBand: config.reviewBand },
    liveness: DEFAULT_LIVENESS_THRESHOLDS,
    minFaceFrames: 10,
    bestFrames: 3,
  });
  const judgedAfterLastFrameMs = performance.now() - lastFrameAt;
  delay.disable();
  return {
    frames: frames.length,
    outcome: verdict.outcome,
    distance: verdict.distance === null ? null : round(verdict.distance * 1000) / 1000,
    judgedAfterLastFrameMs: round(judgedAfterLastFrameMs),
    // The histogram holds whole timer intervals; minus the 10 ms interval is the lag.
    eventLoopLagMs: {
      p50: round(delay.percentile(50) / 1e6 - 10),
      p99: round(delay.percentile(99) / 1e6 - 10),
      max: round(delay.max / 1e6 - 10),
    },
  };
}

const engine = new FaceEngine({ workers: config.workers });
try {
  const started = performance.now();
  await engine.ready();
  const modelLoadMs = round(performance.now() - started);
  const astronaut = decodeFixture(readFaceFixture('astronaut.png'));
  // The reference is another rendition of the photo: the fixtures hold one picture of her.
  const reference = (await engine.singleFace(encodeJpeg(AUGMENTATIONS.cropped!(astronaut), 70))).descriptor;
  const frame = webcamFrame(astronaut);
  const ssd = await timePerFrame(engine, frame, { detector: 'ssd', descriptors: true });
  const tiny = await timePerFrame(engine, frame, { detector: 'tiny', descriptors: true });
  const tinyLandmarksOnly = await timePerFrame(engine, frame, { detector: 'tiny', descriptors: false });
  const turning = await syntheticTurnFrames(engine, 'astronaut.png', LEFT_THEN_RIGHT);
  const challenge = await challengeRun(engine, turning, reference);
  const set = await calibrationSet(engine);
  const errors = countPairErrors(scorePairs(set.labelled), config.matchThreshold);
  const results = {
    // Other work on the machine slows every figure; the load average says how much there was.
    machine: { cores: os.availableParallelism(), node: process.version, loadAverage: os.loadavg() },
    workers: config.workers,
    modelLoadMs,
    frame640x480: { ssd, tiny, tinyLandmarksOnly },
    challenge: { asked: pickChallenge(() => 0), reference: 'astronaut.png cropped, JPEG q70', ...challenge },
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    fixtures: {
      threshold: config.matchThreshold,
      ...errors,
      far: errors.falseAccepts / errors.differentPersonPairs,
      frr: round((errors.falseRejects / errors.samePersonPairs) * 1000) / 1000,
      undetected: set.undetected,
    },
  };
  const json = JSON.stringify(results, null, 2);
  console.log(json);
  const out = path.resolve(import.meta.dirname, 'results/face.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, json + '\n');
} finally {
  await engine.close();
}
