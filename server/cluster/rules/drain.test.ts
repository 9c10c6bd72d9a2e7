import { describe, expect, it } from 'vitest';
import { drainState, movesOnDrain } from './drain.js';

describe('movesOnDrain', () => {
  it('lets waiting customers and free tellers go; keeps every page a call or a wrap-up holds, and other staff', () => {
    expect(movesOnDrain({ role: 'customer', inCall: false })).toBe(true);
    expect(movesOnDrain({ role: 'customer', inCall: true })).toBe(false);
    expect(movesOnDrain({ role: 'teller', inCall: false, wrappingUp: false })).toBe(true);
    expect(movesOnDrain({ role: 'teller', inCall: true, wrappingUp: false })).toBe(false);
    expect(movesOnDrain({ role: 'teller', inCall: false, wrappingUp: true })).toBe(false);
    expect(movesOnDrain({ role: 'other' })).toBe(false);
  });
});

describe('drainState', () => {
  it('is done as soon as nothing holds the node, however long it waited', () => {
    expect(drainState(false, 0, 600_000)).toBe('done');
    expect(drainState(false, 10 * 600_000, 600_000)).toBe('done');
  });

  it('waits for what holds it until the limit, then gives up', () => {
    expect(drainState(true, 599_999, 600_000)).toBe('wait');
    expect(drainState(true, 600_000, 600_000)).toBe('timed_out');
    expect(drainState(true, 0, 0)).toBe('timed_out');
  });
});
