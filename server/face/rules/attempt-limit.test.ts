import { describe, expect, it } from 'vitest';
import { attemptVerdict, DEFAULT_MAX_FAILED_ATTEMPTS } from './attempt-limit.js';

describe('attemptVerdict', () => {
  it('allows five failed checks per call by default, then refuses with a stable code', () => {
    expect(DEFAULT_MAX_FAILED_ATTEMPTS).toBe(5);
    for (let failed = 0; failed < 5; failed++) {
      expect(attemptVerdict(failed, DEFAULT_MAX_FAILED_ATTEMPTS)).toEqual({
        allowed: true,
        remaining: 5 - failed,
      });
    }
    expect(attemptVerdict(5, 5)).toEqual({ allowed: false, code: 'face_attempts_exhausted' });
    expect(attemptVerdict(9, 5).allowed).toBe(false);
  });

  it('follows a configured limit', () => {
    expect(attemptVerdict(1, 2)).toEqual({ allowed: true, remaining: 1 });
    expect(attemptVerdict(2, 2).allowed).toBe(false);
  });
});
