import { describe, expect, it } from 'vitest';
import { clockIn, dateTimeIn, dateTimeSecondsIn } from './zoned-time.js';

describe('dates and times in a time zone', () => {
  it('shows the moment on the zone’s clock, whatever the browser’s zone', () => {
    const at = Date.UTC(2025, 2, 4, 16, 5, 59);
    expect(dateTimeIn(at, 'Asia/Shanghai')).toBe('2025-03-05 00:05');
    expect(dateTimeIn(at, 'UTC')).toBe('2025-03-04 16:05');
    expect(clockIn(at, 'Asia/Shanghai')).toBe('00:05');
    expect(clockIn(at, 'Europe/Zurich')).toBe('17:05');
    expect(dateTimeSecondsIn(at, 'Asia/Shanghai')).toBe('2025-03-05 00:05:59');
  });
});
