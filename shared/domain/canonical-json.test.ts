import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonValue } from './canonical-json.js';

const shuffledKeys = (value: JsonValue): JsonValue => {
  if (Array.isArray(value)) return value.map(shuffledKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, shuffledKeys(v)]),
  );
};

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, and parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        const text = canonicalJson(value as JsonValue);
        expect(canonicalJson(shuffledKeys(value as JsonValue))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('sorts keys, leaves out undefined ones and refuses non-finite numbers', () => {
    expect(canonicalJson({ b: 1, a: [true, null, '张'], c: undefined } as unknown as JsonValue)).toBe(
      '{"a":[true,null,"张"],"b":1}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});
