import { describe, expect, it } from 'vitest';
import type { InboundStat } from './media-stats.js';
import { assessQuality } from './network-quality.js';

const sample = (packetsReceived: number, packetsLost: number, jitter = 0.005): InboundStat[] => [
  { kind: 'video', framesDecoded: 0, packetsReceived, bytesReceived: 0, packetsLost, jitter },
];

describe('assessQuality', () => {
  it('needs two samples', () => {
    expect(assessQuality(null, sample(100, 0))).toBe('unknown');
  });

  it('grades by loss over the interval', () => {
    expect(assessQuality(sample(100, 0), sample(300, 1))).toBe('good');
    expect(assessQuality(sample(100, 0), sample(300, 10))).toBe('fair');
    expect(assessQuality(sample(100, 0), sample(300, 40))).toBe('poor');
  });

  it('grades by jitter', () => {
    expect(assessQuality(sample(100, 0), sample(300, 0, 0.05))).toBe('fair');
    expect(assessQuality(sample(100, 0), sample(300, 0, 0.2))).toBe('poor');
  });

  it('treats a stalled stream as poor and a restarted one as unknown', () => {
    expect(assessQuality(sample(300, 0), sample(300, 0))).toBe('poor');
    expect(assessQuality(sample(300, 0), sample(10, 0))).toBe('unknown');
  });
});
