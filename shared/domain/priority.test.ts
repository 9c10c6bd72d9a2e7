import { describe, expect, it } from 'vitest';
import { isElderly, priorityOf } from './priority.js';

const today = new Date('2026-11-21T12:00:00Z');

describe('priorityOf', () => {
  it('makes a customer elderly from the 65th birthday on', () => {
    expect(priorityOf('1961-11-21', false, today)).toBe('elderly');
    expect(priorityOf('1961-11-22', false, today)).toBe('normal');
    expect(isElderly('1961-11-22', today)).toBe(false);
  });

  it('ranks age above the VIP flag, and the flag above normal', () => {
    expect(priorityOf('1950-01-01', true, today)).toBe('elderly');
    expect(priorityOf('1990-01-01', true, today)).toBe('vip');
    expect(priorityOf(null, false, today)).toBe('normal');
  });
});
