import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureDurationMs, signatureProblem, type SignatureStroke } from './signature-strokes.js';

const wave: SignatureStroke = Array.from({ length: 30 }, (_, i) => ({
  x: i * 8,
  y: 40 + 20 * Math.sin(i / 2),
  t: i * 25,
}));

describe('signature strokes', () => {
  it('accepts a real scribble and measures its duration', () => {
    expect(signatureProblem([wave])).toBeUndefined();
    expect(signatureDurationMs([wave])).toBe(725);
  });

  it('refuses nothing, a tap and a dash', () => {
    expect(signatureProblem([])).toBe('signature_empty');
    expect(signatureProblem([[], []])).toBe('signature_empty');
    expect(signatureProblem([[{ x: 5, y: 5, t: 0 }]])).toBe('signature_too_few_points');
    const dash = Array.from({ length: 20 }, (_, i) => ({ x: 100 + i * 2.5, y: 50, t: i * 10 }));
    expect(signatureProblem([dash])).toBe('signature_too_short');
  });

  it('refuses any drawing that fits in a tiny box, however many points it has', () => {
    const point = fc.record({
      x: fc.double({ min: 0, max: 39, noNaN: true }),
      y: fc.double({ min: 0, max: 39, noNaN: true }),
      t: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(fc.array(point, { minLength: 1 }), { minLength: 1 }), (strokes) => {
        expect(signatureProblem(strokes)).not.toBeUndefined();
      }),
    );
  });

  it('keeps accepting a valid signature when it is drawn larger or moved', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.integer({ min: -500, max: 500 }),
        (scale, shift) => {
          const moved = wave.map((p) => ({ x: p.x * scale + shift, y: p.y * scale - shift, t: p.t }));
          expect(signatureProblem([moved])).toBeUndefined();
        },
      ),
    );
  });
});
