import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  passiveSignalsOf,
  SIGNAL_CROP_SCALE,
  signalCrop,
  signalScore,
  summariseSignal,
} from './passive-signals.js';

describe('signalCrop', () => {
  it('grows the face box 1.4× about its centre, square on its longer side, as fractions of the picture', () => {
    const [top, left, bottom, right] = signalCrop({ x: 270, y: 140, width: 100, height: 200 }, 640, 480);
    // Centre (320, 240); side 200 × 1.4 = 280.
    expect(top).toBeCloseTo((240 - 140) / 480);
    expect(left).toBeCloseTo((320 - 140) / 640);
    expect(bottom).toBeCloseTo((240 + 140) / 480);
    expect(right).toBeCloseTo((320 + 140) / 640);
  });

  it('is not clipped at the picture edge, and always square in pixels around the face centre', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 2000 }),
        fc.integer({ min: 20, max: 2000 }),
        fc.record({
          x: fc.double({ min: -50, max: 1000, noNaN: true }),
          y: fc.double({ min: -50, max: 1000, noNaN: true }),
          width: fc.double({ min: 1, max: 800, noNaN: true }),
          height: fc.double({ min: 1, max: 800, noNaN: true }),
        }),
        (width, height, box) => {
          const [top, left, bottom, right] = signalCrop(box, width, height);
          const side = Math.max(box.width, box.height) * SIGNAL_CROP_SCALE;
          expect((right - left) * width).toBeCloseTo(side, 6);
          expect((bottom - top) * height).toBeCloseTo(side, 6);
          expect(((left + right) / 2) * width).toBeCloseTo(box.x + box.width / 2, 6);
          expect(((top + bottom) / 2) * height).toBeCloseTo(box.y + box.height / 2, 6);
        },
      ),
    );
  });
});

describe('signalScore', () => {
  it('reads the first output, the one the library names real / live', () => {
    expect(signalScore([0.73])).toBe(0.73);
    expect(signalScore(new Float32Array([0.2, 0.8]))).toBeCloseTo(0.2);
  });

  it('keeps a score in [0, 1] and gives none for what is not a number', () => {
    expect(signalScore([1.0000001])).toBe(1);
    expect(signalScore([-0.0001])).toBe(0);
    expect(signalScore([Number.NaN])).toBeNull();
    expect(signalScore([Number.POSITIVE_INFINITY])).toBeNull();
    expect(signalScore([])).toBeNull();
  });
});

describe('summariseSignal', () => {
  it('gives the median, the lowest and the count of scored frames', () => {
    expect(summariseSignal([0.9, null, 0.1, 0.5])).toEqual({ median: 0.5, lowest: 0.1, frames: 3 });
    expect(summariseSignal([0.2, 0.4, undefined, 0.8, 0.6])).toEqual({ median: 0.5, lowest: 0.2, frames: 4 });
  });

  it('gives nothing when no frame had a score', () => {
    expect(summariseSignal([])).toBeNull();
    expect(summariseSignal([null, undefined, Number.NaN])).toBeNull();
  });

  it('keeps lowest ≤ median, both among the scores’ range, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1 }),
        (scores) => {
          const summary = summariseSignal(scores);
          const known = scores.filter((s): s is number => s !== null);
          if (known.length === 0) {
            expect(summary).toBeNull();
            return;
          }
          expect(summary!.frames).toBe(known.length);
          expect(summary!.lowest).toBe(Math.min(...known));
          expect(summary!.lowest).toBeLessThanOrEqual(summary!.median);
          expect(summary!.median).toBeLessThanOrEqual(Math.max(...known));
          expect(summariseSignal([...scores].reverse())).toEqual(summary);
        },
      ),
    );
  });
});

describe('passiveSignalsOf', () => {
  const frame = (antispoof?: number | null, liveness?: number | null) => ({
    seq: 0,
    sha256: 'a'.repeat(64),
    faces: 1,
    yaw: 0,
    eyeAspectRatio: 0.3,
    distance: 0.3,
    ...(antispoof === undefined ? {} : { antispoof }),
    ...(liveness === undefined ? {} : { liveness }),
  });

  it('summarises each signal over the frames that have it', () => {
    expect(passiveSignalsOf([frame(0.6, 0.9), frame(0.4, null), frame(null, 0.7)])).toEqual({
      antispoof: { median: 0.5, lowest: 0.4, frames: 2 },
      liveness: { median: 0.8, lowest: 0.7, frames: 2 },
    });
  });

  it('gives nulls for checks judged before the signals existed', () => {
    expect(passiveSignalsOf([frame(), frame()])).toEqual({ antispoof: null, liveness: null });
  });
});
