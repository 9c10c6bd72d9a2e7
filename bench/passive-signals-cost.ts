import type { FaceEngine } from '../server/face/engine/face-engine.js';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The passive presentation-attack signals' own cost per frame (both models,
 * timed inside the worker), and the whole frame as a check analyses it:
 * tiny detector, landmarks, descriptor and the signals. Also the scores the
 * frame got, which say nothing about liveness: it is a photo.
 */
export async function passiveSignalsCost(engine: FaceEngine, frame: Uint8Array, runs: number) {
  const options = { detector: 'tiny', descriptors: true, passiveSignals: true } as const;
  await engine.analyse(frame, options); // the first run compiles the kernels
  const signals: number[] = [];
  const whole: number[] = [];
  let scores = { antispoof: null as number | null, liveness: null as number | null };
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const analysis = await engine.analyse(frame, options);
    whole.push(performance.now() - start);
    if (!analysis.passiveSignals) throw new Error('the bench frame gave no passive signals');
    const { elapsedMs, antispoof, liveness } = analysis.passiveSignals;
    signals.push(elapsedMs);
    scores = { antispoof, liveness };
  }
  signals.sort((a, b) => a - b);
  whole.sort((a, b) => a - b);
  const score = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    models: '@vladmandic/human 3.3.6: antispoof.json (128×128), liveness.json (32×32)',
    signalsOnly: { p50Ms: round(percentile(signals, 0.5)), p95Ms: round(percentile(signals, 0.95)) },
    tinyFrameWithSignals: { p50Ms: round(percentile(whole, 0.5)), p95Ms: round(percentile(whole, 0.95)) },
    scoresOnThisStillPhoto: { antispoof: score(scores.antispoof), liveness: score(scores.liveness) },
  };
}
