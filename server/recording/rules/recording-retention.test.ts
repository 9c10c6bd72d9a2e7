import { describe, expect, it } from 'vitest';
import { dueForPurge, retentionCutoff, type RetentionCandidate } from './recording-retention.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2036, 0, 10, 12);

const recording = (callId: string, ageDays: number, status: RetentionCandidate['status'] = 'complete') => ({
  callId,
  startedAt: NOW - ageDays * DAY,
  status,
});

describe('dueForPurge', () => {
  it('takes finished recordings older than the retention, and keeps the newer ones', () => {
    const old = recording('old', 31);
    const crashed = recording('crashed', 400, 'interrupted');
    const recent = recording('recent', 29);
    expect(dueForPurge([old, crashed, recent], NOW, 30)).toEqual([old, crashed]);
  });

  it('keeps a recording exactly as old as the retention: it must be older', () => {
    expect(dueForPurge([recording('edge', 30)], NOW, 30)).toEqual([]);
    expect(dueForPurge([{ ...recording('past', 30), startedAt: NOW - 30 * DAY - 1 }], NOW, 30)).toHaveLength(
      1,
    );
  });

  it('never takes one still recording or already purged', () => {
    expect(
      dueForPurge([recording('live', 90, 'recording'), recording('gone', 90, 'purged')], NOW, 30),
    ).toEqual([]);
  });

  it('counts whole days back from now', () => {
    expect(retentionCutoff(NOW, 3650)).toBe(NOW - 3650 * DAY);
  });
});
