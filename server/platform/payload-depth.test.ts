import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestedDeeperThan } from './payload-depth.js';

const nest = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('nestedDeeperThan', () => {
  it('measures levels of objects and arrays, not scalars or byte arrays', () => {
    expect(nestedDeeperThan(nest(3), 3)).toBe(false);
    expect(nestedDeeperThan(nest(4), 3)).toBe(true);
    expect(nestedDeeperThan('x', 0)).toBe(false);
    expect(nestedDeeperThan({ bytes: new Uint8Array(100_000) }, 1)).toBe(false);
  });

  it('walks 100,000 levels without exhausting the stack', () => {
    expect(nestedDeeperThan(nest(100_000), 32)).toBe(true);
  });

  it('agrees with a recursive count on any JSON value', () => {
    const depth = (v: unknown): number =>
      v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (value, max) => {
        expect(nestedDeeperThan(value, max)).toBe(depth(value) > max);
      }),
    );
  });
});
