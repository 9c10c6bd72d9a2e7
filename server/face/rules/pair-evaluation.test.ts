import { describe, expect, it } from 'vitest';
import { descriptorDistance } from './descriptor-distance.js';
import { countPairErrors, scoreCrossPairs, scorePairs } from './pair-evaluation.js';

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

  it('pairs each reference with every live descriptor of another picture, in that order', () => {
    const live = labelled.map((d) => ({ ...d, descriptor: [d.descriptor[0]! + 0.1, d.descriptor[1]!] }));
    const pairs = scoreCrossPairs(labelled.slice(0, 2), live);
    expect(pairs.map((p) => `${p.a}/${p.b}`)).toEqual([
      'ann__1/ann__2',
      'ann__1/bob__1',
      'ann__2/ann__1',
      'ann__2/bob__1',
    ]);
    expect(pairs[0]!.distance).toBeCloseTo(Math.hypot(0.1, 0.6));
    expect(pairs.map((p) => p.samePerson)).toEqual([true, false, true, false]);
  });

  it('leaves faces of one picture unpaired across detectors', () => {
    const group = [
      { person: 'g#1', source: 'g#1', picture: 'g', descriptor: [0, 0] },
      { person: 'g#2', source: 'g#2', picture: 'g', descriptor: [1, 0] },
    ];
    expect(scoreCrossPairs(group, group)).toEqual([]);
    expect(scoreCrossPairs(group, labelled)).toHaveLength(6);
  });

  it('pairs faces of one group picture as different people, but not faces of two group pictures', () => {
    const faces = [
      { person: 'g#1', source: 'g#1', picture: 'g', descriptor: [0, 0] },
      { person: 'g#2', source: 'g#2', picture: 'g', descriptor: [1, 0] },
      { person: 'h#1', source: 'h#1', picture: 'h', descriptor: [0, 1] },
      { person: 'ann', source: 'ann__1', descriptor: [1, 1] },
    ];
    expect(scorePairs(faces).map((p) => `${p.a}/${p.b}`)).toEqual([
      'g#1/g#2',
      'g#1/ann__1',
      'g#2/ann__1',
      'h#1/ann__1',
    ]);
    expect(scoreCrossPairs(faces, faces).map((p) => `${p.a}/${p.b}`)).toEqual([
      'g#1/ann__1',
      'g#2/ann__1',
      'h#1/ann__1',
      'ann__1/g#1',
      'ann__1/g#2',
      'ann__1/h#1',
    ]);
  });
});
