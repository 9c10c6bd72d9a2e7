import { describe, expect, it } from 'vitest';
import { waitText } from './wait-text.js';

describe('waitText', () => {
  it('tells a missing estimate apart from one not received yet', () => {
    expect(waitText(undefined).key).toBe('waiting.estimate.pending');
    expect(waitText(null).key).toBe('waiting.estimate.unknown');
  });

  it('says less than a minute only at zero', () => {
    expect(waitText(0).key).toBe('waiting.estimate.lessThanMinute');
    expect(waitText(-5).key).toBe('waiting.estimate.lessThanMinute');
    expect(waitText(1).key).toBe('waiting.estimate.oneMinute');
  });

  it('rounds minutes up', () => {
    expect(waitText(60_000).key).toBe('waiting.estimate.oneMinute');
    expect(waitText(60_001)).toEqual({ key: 'waiting.estimate.minutes', args: { min: 2 } });
    expect(waitText(9 * 60_000 + 1)).toEqual({ key: 'waiting.estimate.minutes', args: { min: 10 } });
  });

  it('promises an answer, not minutes, while a teller is being offered the customer', () => {
    expect(waitText(6 * 60_000, true)).toEqual({ key: 'waiting.estimate.answering' });
    expect(waitText(null, true)).toEqual({ key: 'waiting.estimate.answering' });
  });
});
