import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admitFrame, judgeFrameSeries, type FrameWindowRules, type IncomingFrame } from './frame-window.js';

const rules: FrameWindowRules = {
  customerSocketId: 'customer-socket',
  opensAt: 10_000,
  closesAt: 14_000,
  minFrames: 3,
  maxFrames: 5,
};
const frame = (n: number, overrides: Partial<IncomingFrame> = {}): IncomingFrame => ({
  socketId: 'customer-socket',
  receivedAt: 10_000 + n * 200,
  sha256: `hash-${n}`,
  ...overrides,
});

describe('admitFrame', () => {
  it('admits a frame from the customer socket inside the window', () => {
    expect(admitFrame(rules, frame(1), 0, new Set())).toBeNull();
  });

  it('refuses frames from another socket, before or after the window, replays, and one too many', () => {
    expect(admitFrame(rules, frame(1, { socketId: 'teller-socket' }), 0, new Set())).toBe('wrong_socket');
    expect(admitFrame(rules, frame(1, { receivedAt: 9_999 }), 0, new Set())).toBe('outside_window');
    expect(admitFrame(rules, frame(1, { receivedAt: 14_001 }), 0, new Set())).toBe('outside_window');
    expect(admitFrame(rules, frame(1), 0, new Set(['hash-1']))).toBe('replayed');
    expect(admitFrame(rules, frame(1), 5, new Set())).toBe('too_many_frames');
  });

  it('admits nothing outside the window, whatever else is right (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (receivedAt) => {
        const inside = receivedAt >= rules.opensAt && receivedAt <= rules.closesAt;
        expect(admitFrame(rules, frame(1, { receivedAt }), 0, new Set()) === null).toBe(inside);
      }),
    );
  });
});

describe('judgeFrameSeries', () => {
  it('admits a clean series', () => {
    const verdict = judgeFrameSeries(rules, [frame(1), frame(2), frame(3)]);
    expect(verdict.admitted).toHaveLength(3);
    expect(verdict.refused).toEqual([]);
    expect(verdict.failure).toBeUndefined();
  });

  it('refuses a frame repeated within the series and frames replayed from an earlier check', () => {
    const verdict = judgeFrameSeries(
      rules,
      [frame(1), frame(2), frame(2), frame(3), frame(4)],
      new Set(['hash-4']),
    );
    expect(verdict.admitted.map((f) => f.sha256)).toEqual(['hash-1', 'hash-2', 'hash-3']);
    expect(verdict.refused.map((r) => r.reason)).toEqual(['replayed', 'replayed']);
  });

  it('fails a series left with too few frames once the refused ones are gone', () => {
    const verdict = judgeFrameSeries(rules, [
      frame(1),
      frame(2, { socketId: 'other' }),
      frame(3, { receivedAt: 0 }),
    ]);
    expect(verdict.failure).toBe('too_few_frames');
    expect(verdict.refused.map((r) => r.reason)).toEqual(['wrong_socket', 'outside_window']);
  });

  it('keeps at most maxFrames', () => {
    const verdict = judgeFrameSeries(
      rules,
      Array.from({ length: 8 }, (_, i) => frame(i)),
    );
    expect(verdict.admitted).toHaveLength(5);
    expect(verdict.refused.every((r) => r.reason === 'too_many_frames')).toBe(true);
  });
});
