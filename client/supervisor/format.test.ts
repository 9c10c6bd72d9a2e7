import { describe, expect, it } from 'vitest';
import { niceStep, percent } from './format.js';

describe('percent', () => {
  it('rounds to whole percents and dashes a missing figure', () => {
    expect(percent(0.854)).toBe('85%');
    expect(percent(1)).toBe('100%');
    expect(percent(0)).toBe('0%');
    expect(percent(null)).toBe('—');
  });
});

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(4)).toBe(1);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(18)).toBe(5);
    expect(niceStep(130)).toBe(50);
    expect(niceStep(0)).toBe(1);
  });
});
