import { describe, expect, it } from 'vitest';
import { pickLongestIdle } from './teller-pick.js';

describe('pickLongestIdle', () => {
  it('picks the free teller idle the longest', () => {
    const pick = pickLongestIdle([
      { tellerId: 'a', free: true, idleSince: 300 },
      { tellerId: 'b', free: true, idleSince: 100 },
      { tellerId: 'c', free: false, idleSince: 0 },
    ]);
    expect(pick?.tellerId).toBe('b');
  });

  it('returns undefined when nobody is free', () => {
    expect(pickLongestIdle([{ tellerId: 'a', free: false, idleSince: 1 }])).toBeUndefined();
    expect(pickLongestIdle([])).toBeUndefined();
  });
});
