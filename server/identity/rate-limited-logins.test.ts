import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedLogins, type RateLimitedLoginWindow } from './rate-limited-logins.js';

describe('RateLimitedLogins', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('records one entry per address and window, however many sign-ins were refused', () => {
    const recorded: RateLimitedLoginWindow[] = [];
    const tally = new RateLimitedLogins((w) => recorded.push(w), 60_000);
    for (let i = 0; i < 1000; i++) tally.refused('10.0.0.1', i % 2 ? 'teller1' : 'auditor1', 1000 + i);
    tally.refused('10.0.0.2', 'admin1', 5000);
    expect(recorded).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(recorded).toEqual([
      { ip: '10.0.0.1', attempts: 1000, usernames: ['auditor1', 'teller1'], from: 1000, to: 1999 },
      { ip: '10.0.0.2', attempts: 1, usernames: ['admin1'], from: 5000, to: 5000 },
    ]);
    tally.refused('10.0.0.1', 'teller1', 70_000);
    vi.advanceTimersByTime(60_000);
    expect(recorded).toHaveLength(3);
  });

  it('keeps at most 20 usernames, and hands over open windows on close', () => {
    const recorded: RateLimitedLoginWindow[] = [];
    const tally = new RateLimitedLogins((w) => recorded.push(w));
    for (let i = 0; i < 50; i++) tally.refused('10.0.0.3', `user${i}`, i);
    tally.close();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.usernames).toHaveLength(20);
    expect(recorded[0]!.attempts).toBe(50);
    vi.advanceTimersByTime(120_000);
    expect(recorded).toHaveLength(1);
  });
});
