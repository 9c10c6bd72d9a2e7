import { describe, expect, it } from 'vitest';
import { parseAnchor } from './anchor.js';

describe('parseAnchor', () => {
  it('reads SEQ:HASH and refuses anything else', () => {
    const hash = 'ab'.repeat(32);
    expect(parseAnchor(`12:${hash}`)).toEqual({ seq: 12, hash });
    expect(parseAnchor(`12:${hash.toUpperCase()}`)).toBeUndefined();
    expect(parseAnchor('12')).toBeUndefined();
  });
});
