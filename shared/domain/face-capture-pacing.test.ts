import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CAPTURE_PACING,
  frameSent,
  nextCaptureMove,
  phaseMsFor,
  startCapture,
  type CapturePacing,
} from './face-capture-pacing.js';

interface Sent {
  phase: number;
  at: number;
  last: boolean;
  counted: boolean;
  /** When its phase's instruction was first shown. */
  phaseStartedAt: number;
}

/**
 * Runs the page's loop on an injected clock: each frame takes `delays[i]` ms
 * from capture to acknowledgement (the page's and the server's load), and is
 * refused when `refused[i]`.
 */
function simulate(
  pacing: CapturePacing,
  phaseMs: number,
  phases: number,
  delays: number[],
  refused: boolean[] = [],
): { sent: Sent[]; endedAt: number } {
  let now = 1_000;
  let state = startCapture(now);
  const sent: Sent[] = [];
  for (let i = 0; i < 10_000; i++) {
    const move = nextCaptureMove(pacing, phaseMs, phases, state, now);
    if (move.kind === 'done') return { sent, endedAt: now };
    if (move.kind === 'wait') {
      expect(move.ms).toBeGreaterThan(0);
      now += move.ms;
      continue;
    }
    const counted = !refused[sent.length % Math.max(1, refused.length)];
    state = frameSent(state, move, now, counted);
    sent.push({ phase: move.phase, at: now, last: move.last, counted, phaseStartedAt: state.phaseStartedAt });
    now += delays[sent.length % delays.length]!;
  }
  throw new Error('the capture never ended');
}

const delays = fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 30 });
const phaseCount = fc.integer({ min: 1, max: 3 });

describe('face capture pacing', () => {
  it('gives each movement at least 4 s, 6 s in elderly mode', () => {
    expect(phaseMsFor(CAPTURE_PACING, false)).toBeGreaterThanOrEqual(4_000);
    expect(phaseMsFor(CAPTURE_PACING, true)).toBeGreaterThanOrEqual(6_000);
  });

  it('on a free machine: about the interval apart, each phase its least time, then done', () => {
    const { sent, endedAt } = simulate(CAPTURE_PACING, 4_000, 2, [0]);
    expect(sent.filter((s) => s.phase === 0)).toHaveLength(16);
    expect(sent.at(-1)).toMatchObject({ phase: 1, last: true });
    expect(endedAt - 1_000).toBeGreaterThanOrEqual(8_000);
    expect(endedAt - 1_000).toBeLessThan(8_000 + 2 * CAPTURE_PACING.frameIntervalMs);
  });

  it('on a slow one: takes longer instead of sending fewer frames', () => {
    const { sent } = simulate(CAPTURE_PACING, 4_000, 2, [2_500]);
    for (const phase of [0, 1]) {
      expect(sent.filter((s) => s.phase === phase && s.counted).length).toBeGreaterThanOrEqual(
        CAPTURE_PACING.minFramesPerPhase,
      );
    }
  });

  it('whatever the delays: phases in order, each long enough and with enough frames, paced, one last frame (property)', () => {
    fc.assert(
      fc.property(delays, phaseCount, fc.boolean(), (lags, phases, elderly) => {
        const phaseMs = phaseMsFor(CAPTURE_PACING, elderly);
        const { sent } = simulate(CAPTURE_PACING, phaseMs, phases, lags);
        // Phases start at 0 and go up one at a time.
        expect(sent[0]!.phase).toBe(0);
        sent.slice(1).forEach((s, i) => expect(s.phase - sent[i]!.phase).toBeGreaterThanOrEqual(0));
        sent.slice(1).forEach((s, i) => expect(s.phase - sent[i]!.phase).toBeLessThanOrEqual(1));
        expect(sent.at(-1)!.phase).toBe(phases - 1);
        // Never faster than the interval.
        sent
          .slice(1)
          .forEach((s, i) =>
            expect(s.at - sent[i]!.at).toBeGreaterThanOrEqual(CAPTURE_PACING.frameIntervalMs),
          );
        for (let phase = 0; phase < phases; phase++) {
          const inPhase = sent.filter((s) => s.phase === phase);
          expect(inPhase.length).toBeGreaterThanOrEqual(CAPTURE_PACING.minFramesPerPhase);
          expect(inPhase.length).toBeLessThanOrEqual(CAPTURE_PACING.maxFramesPerPhase);
          // Shown for at least its time: until the next phase's first frame, or the last frame.
          const next = sent.find((s) => s.phase === phase + 1);
          const endsAt = next ? next.at : sent.at(-1)!.at;
          expect(endsAt - inPhase[0]!.phaseStartedAt).toBeGreaterThanOrEqual(phaseMs);
        }
        // Exactly one frame is marked last, and it is the final one.
        expect(sent.filter((s) => s.last)).toHaveLength(1);
        expect(sent.at(-1)!.last).toBe(true);
      }),
    );
  });

  it('a refused frame is not counted: its phase runs on until enough are taken (property)', () => {
    fc.assert(
      fc.property(delays, fc.array(fc.boolean(), { minLength: 2, maxLength: 7 }), (lags, pattern) => {
        // At least one frame in each cycle of the pattern is taken.
        const refused = [...pattern, false];
        const { sent } = simulate(CAPTURE_PACING, 4_000, 2, lags, refused);
        for (const phase of [0, 1]) {
          expect(sent.filter((s) => s.phase === phase && s.counted).length).toBeGreaterThanOrEqual(
            CAPTURE_PACING.minFramesPerPhase,
          );
        }
        expect(sent.at(-1)).toMatchObject({ last: true, counted: true });
      }),
    );
  });
});
