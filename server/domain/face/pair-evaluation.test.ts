import { describe, expect, it } from 'vitest';
import { descriptorDistance } from './descriptor-distance.js';
import { countPairErrors, scorePairs } from './pair-evaluation.js';

describe('descriptorDistance', () => {
  it('is the Euclidean distance and refuses descriptors of different lengths', () => {
    expect(descriptorDistance([0, 0], [3, 4])).toBe(5);
    expect(() => descriptorDistance([0], [0, 1])).toThrow(RangeError);
  });
});

describe('pair evaluation', () => {
  const labelled = [
    { person: 'ann', source: 'ann__1', descriptor: [0, 0] },
    { person: 'ann', source: 'ann__2', descriptor: [0, 0.6] },
    { person: 'bob', source: 'bob__1', descriptor: [0.3, 0] },
  ];

  it('scores every unordered pair once', () => {
    const pairs = scorePairs(labelled);
    expect(pairs.map((p) => `${p.a}/${p.b}`)).toEqual(['ann__1/ann__2', 'ann__1/bob__1', 'ann__2/bob__1']);
    expect(pairs.map((p) => p.samePerson)).toEqual([true, false, false]);
  });

  it('counts false accepts and false rejects at the threshold', () => {
    const pairs = scorePairs(labelled);
    expect(countPairErrors(pairs, 0.5)).toEqual({
      pairs: 3,
      samePersonPairs: 1,
      differentPersonPairs: 2,
      falseAccepts: 1,
      falseRejects: 1,
    });
    expect(countPairErrors(pairs, 0.2)).toMatchObject({ falseAccepts: 0, falseRejects: 1 });
    expect(countPairErrors(pairs, 0.7)).toMatchObject({ falseAccepts: 2, falseRejects: 0 });
  });
});
