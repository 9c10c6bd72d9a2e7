import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strokePaths } from './signature-drawing.js';

const box = { x: 40, y: 100, width: 230, height: 86 };
const coordinates = (path: string) =>
  [...path.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('a signature drawn from its strokes', () => {
  it('fits any strokes inside the box, one path per stroke', () => {
    const point = fc.record({
      x: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      y: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      t: fc.nat(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(point, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 8 }),
        (strokes) => {
          const paths = strokePaths(strokes, box);
          expect(paths).toHaveLength(strokes.length);
          for (const [x, y] of paths.flatMap(coordinates)) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(box.width);
            expect(y).toBeGreaterThanOrEqual(0);
            expect(y).toBeLessThanOrEqual(box.height);
          }
        },
      ),
    );
  });

  it('keeps the drawing’s proportions and draws nothing for no strokes', () => {
    const [path] = strokePaths(
      [
        [
          { x: 0, y: 0, t: 0 },
          { x: 200, y: 50, t: 5 },
        ],
      ],
      box,
    );
    const [[x0, y0], [x1, y1]] = coordinates(path!) as [[number, number], [number, number]];
    expect((x1 - x0) / (y1 - y0)).toBeCloseTo(4, 1);
    expect(strokePaths([], box)).toEqual([]);
  });
});
