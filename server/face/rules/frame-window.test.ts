import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admitFrame,
  judgeFrameSeries,
  nothingAdmitted,
  withFrame,
  type FrameWindowRules,
  type IncomingFrame,
} from './frame-window.js';

const rules: FrameWindowRules = {
  customerSocketId: 'customer-socket',
  opensAt: 10_000,
  closesAt: 70_000,
  phases: 2,
  minFramesPerPhase: 3,
  maxFramesPerPhase: 5,
};
/** Frame n of a series; phase 0 for n < 10 unless told. */
const frame = (n: number, overrides: Partial<IncomingFrame> = {}): IncomingFrame => ({
  socketId: 'customer-socket',
  receivedAt: 10_000 + n * 200,
  sha256: `hash-${n}`,
  seq: n,
  phase: n < 10 ? 0 : 1,
  ...overrides,
});
const series = (...ns: number[]) => ns.map((n) => frame(n));

describe('admitFrame', () => {
  it('admits the first frame of the first phase from the customer socket inside the limit', () => {
    expect(admitFrame(rules, frame(1), nothingAdmitted(), new Set())).toBeNull();
  });

  it('refuses frames from another socket, outside the limit, replays, out of sequence, one too many', () => {
    const none = nothingAdmitted();
    expect(admitFrame(rules, frame(1, { socketId: 'teller-socket' }), none, new Set())).toBe('wrong_socket');
    expect(admitFrame(rules, frame(1, { receivedAt: 9_999 }), none, new Set())).toBe('outside_window');
    expect(admitFrame(rules, frame(1, { receivedAt: 70_001 }), none, new Set())).toBe('outside_window');
    expect(admitFrame(rules, frame(1), none, new Set(['hash-1']))).toBe('replayed');
    // A series starts in the first phase, never skips one, never goes back, never repeats a number.
    expect(admitFrame(rules, frame(1, { phase: 1 }), none, new Set())).toBe('out_of_sequence');
    const one = withFrame(none, frame(1));
    expect(admitFrame(rules, frame(2, { phase: 2 }), one, new Set())).toBe('out_of_sequence');
    expect(admitFrame(rules, frame(1, { sha256: 'other' }), one, new Set())).toBe('out_of_sequence');
    const second = withFrame(one, frame(11));
    expect(admitFrame(rules, frame(12, { phase: 0 }), second, new Set())).toBe('out_of_sequence');
    const full = [1, 2, 3, 4, 5].reduce((soFar, n) => withFrame(soFar, frame(n)), none);
    expect(admitFrame(rules, frame(6), full, new Set())).toBe('too_many_frames');
    expect(admitFrame(rules, frame(11), full, new Set())).toBeNull();
  });

  it('admits nothing outside the limit, whatever else is right (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (receivedAt) => {
        const inside = receivedAt >= rules.opensAt && receivedAt <= rules.closesAt;
        expect(admitFrame(rules, frame(1, { receivedAt }), nothingAdmitted(), new Set()) === null).toBe(
          inside,
        );
      }),
    );
  });
});

describe('judgeFrameSeries', () => {
  it('admits a clean series with enough frames in each phase', () => {
    const verdict = judgeFrameSeries(rules, series(1, 2, 3, 11, 12, 13));
    expect(verdict.admitted).toHaveLength(6);
    expect(verdict.refused).toEqual([]);
    expect(verdict.perPhase).toEqual([3, 3]);
    expect(verdict.failure).toBeUndefined();
  });

  it('refuses a frame repeated within the series and frames replayed from an earlier check', () => {
    const verdict = judgeFrameSeries(
      rules,
      [frame(1), frame(2), frame(3, { sha256: 'hash-2' }), frame(4), frame(5)],
      new Set(['hash-5']),
    );
    expect(verdict.admitted.map((f) => f.sha256)).toEqual(['hash-1', 'hash-2', 'hash-4']);
    expect(verdict.refused.map((r) => r.reason)).toEqual(['replayed', 'replayed']);
  });

  it('fails a series with a phase left short, however many frames the other holds', () => {
    const verdict = judgeFrameSeries(rules, [
      ...series(1, 2, 3, 4, 5, 11, 12),
      frame(13, { socketId: 'other' }),
      frame(14, { receivedAt: 0 }),
    ]);
    expect(verdict.failure).toBe('too_few_frames');
    expect(verdict.perPhase).toEqual([5, 2]);
    expect(verdict.refused.map((r) => r.reason)).toEqual(['wrong_socket', 'outside_window']);
  });

  it('keeps at most maxFramesPerPhase in a phase', () => {
    const verdict = judgeFrameSeries(rules, series(0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 13));
    expect(verdict.perPhase).toEqual([5, 3]);
    expect(verdict.refused.map((r) => r.reason)).toEqual([
      'too_many_frames',
      'too_many_frames',
      'too_many_frames',
    ]);
  });

  it('judges on frame counts, not arrival times: any delays within the limit pass (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 6, maxLength: 10 }),
        fc.integer({ min: 3, max: 5 }),
        (gaps, inFirst) => {
          const total = Math.min(gaps.length, inFirst + 5);
          let at = rules.opensAt;
          const frames = gaps.slice(0, total).map((gap, i) => {
            at = Math.min(rules.closesAt, at + gap);
            return frame(i, { receivedAt: at, phase: i < inFirst ? 0 : 1 });
          });
          const verdict = judgeFrameSeries(rules, frames);
          const second = total - inFirst;
          expect(verdict.refused).toEqual([]);
          expect(verdict.failure === undefined).toBe(second >= rules.minFramesPerPhase);
        },
      ),
    );
  });
});
