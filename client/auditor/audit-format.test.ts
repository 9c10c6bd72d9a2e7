import { describe, expect, it } from 'vitest';
import { mediaClock } from './audit-format.js';

describe('mediaClock', () => {
  it('shows minutes and seconds, hours only when there are some', () => {
    expect(mediaClock(0)).toBe('0:00');
    expect(mediaClock(7_999)).toBe('0:07');
    expect(mediaClock(750_000)).toBe('12:30');
    expect(mediaClock(3_723_000)).toBe('1:02:03');
  });

  it('never shows a negative time', () => {
    expect(mediaClock(-500)).toBe('0:00');
  });
});
