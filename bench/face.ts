/**
 * npm run bench:face — face inference figures on this machine:
 *  - time per 640×480 frame (p50/p95), one worker thread, for the ssd path
 *    (detect + landmarks + descriptor; reference and match frames) and the
 *    tiny path (the same with the tiny detector; challenge frames);
 *  - frames per second per worker thread, peak memory (RSS);
 *  - the passive signals' cost per frame (p50/p95), alone and with the tiny path;
 *  - a 3-second challenge at 5 frames/s fed as it would arrive, through the
 *    check's own frame analyser: time from the last frame to the verdict, and
 *    the main event loop's delay meanwhile;
 *  - false accepts / false rejects on the fixtures at the default threshold,
 *    reference against reference and reference against challenge frame;
 *  - the ROC on the labelled photos (reference against reference): the false
 *    non-match rate at false match rates of 1 %, 0.1 % and 0, with the pairs
 *    behind each figure, on the part the threshold was chosen on and on the
 *    held-out part, and the held-out part's errors at the default threshold.
 * Prints JSON and writes it to bench/results/face.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../server/platform/config.js';
import { pickChallenge } from '../server/face/rules/challenge.js';
import { judgeFaceCheck } from '../server/face/rules/face-check-verdict.js';
import { faceCheckRules } from '../server/face/face-checks.js';
import { FrameAnalyser } from '../server/face/frame-analysis.js';
import { DEFAULT_LIVENESS_THRESHOLDS } from '../server/face/rules/liveness-thresholds.js';
import {
  countPairErrors,
  scoreCrossPairs,
  scorePairs,
  type ScoredPair,
} from '../server/face/rules/pair-evaluation.js';
import type { AnalyseOptions } from '../server/face/engine/face-findings.js';
import { FaceEngine } from '../server/face/engine/face-engine.js';
import { resample, type RgbImage } from '../server/face/engine/rgb-image.js';
import { AUGMENTATIONS, decodeFixture, encodeJpeg } from '../test/support/face-augmentations.js';
import { calibrationSet } from '../test/support/face-calibration.js';
import { labelledPart } from '../test/support/face-labelled-set.js';
import { rocPoints } from '../server/face/rules/roc.js';
import { DESCRIPTOR_MODEL } from '../server/face/engine/descriptor-model.js';
import { readFaceFixture } from '../test/support/face-fixtures.js';
import { LEFT_THEN_RIGHT, syntheticTurnFrames } from '../test/support/synthetic-head-moves.js';
import { passiveSignalsCost } from './passive-signals-cost.js';

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

/**
 * Frames arrive every 200 ms and go to the pool at once, through the frame
 * analyser a real check uses; the verdict is judged by the same rules.
 */
async function challengeRun(engine: FaceEngine, frames: Uint8Array[], reference: Float32Array) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const analyser = new FrameAnalyser(engine, DEFAULT_LIVENESS_THRESHOLDS.frontalYaw);
  for (const [seq, bytes] of frames.entries()) {
    analyser.admit({ seq, sha256: String(seq), bytes });
    if (seq < frames.length - 1) await sleep(FRAME_INTERVAL_MS);
  }
  const lastFrameAt = performance.now();
  const analysed = await analyser.result(reference);
  const verdict = judgeFaceCheck(['turn-left', 'turn-right'], analysed.frames, faceCheckRules(config));
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

const errorsOf = (pairs: ScoredPair[]) => {
  const errors = countPairErrors(pairs, config.matchThreshold);
  return {
    ...errors,
    far: errors.falseAccepts / errors.differentPersonPairs,
    frr: Number((errors.falseRejects / errors.samePersonPairs).toFixed(4)),
  };
};

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
  const passiveSignals = await passiveSignalsCost(engine, frame, RUNS);
  const turning = await syntheticTurnFrames(engine, 'astronaut.png', LEFT_THEN_RIGHT);
  const challenge = await challengeRun(engine, turning, reference);
  const { references, live } = await calibrationSet(engine);
  const [tuning, heldOut] = [await labelledPart(engine, 'tuning'), await labelledPart(engine, 'heldOut')];
  const results = {
    // Other work on the machine slows every figure; the load average says how much there was.
    machine: { cores: os.availableParallelism(), node: process.version, loadAverage: os.loadavg() },
    workers: config.workers,
    modelLoadMs,
    frame640x480: { ssd, tiny, tinyLandmarksOnly },
    // Advisory anti-spoofing and liveness scores on every match frame (README, "Passive signals").
    passiveSignals,
    challenge: { asked: pickChallenge(() => 0), reference: 'astronaut.png cropped, JPEG q70', ...challenge },
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    fixtures: {
      threshold: config.matchThreshold,
      referenceVsReference: {
        ...errorsOf(scorePairs(references.labelled)),
        undetected: references.undetected,
      },
      referenceVsChallengeFrame: {
        ...errorsOf(scoreCrossPairs(references.labelled, live.labelled)),
        undetected: live.undetected,
      },
    },
    labelledRoc: {
      descriptorModel: DESCRIPTOR_MODEL.id,
      tuning: { notEnrolled: tuning.notEnrolled, roc: rocPoints(scorePairs(tuning.all)) },
      heldOut: {
        notEnrolled: heldOut.notEnrolled,
        roc: rocPoints(scorePairs(heldOut.all)),
        atDefaultThreshold: errorsOf(scorePairs(heldOut.all)),
        portraitsAtDefaultThreshold: errorsOf(scorePairs(heldOut.portraits)),
      },
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
