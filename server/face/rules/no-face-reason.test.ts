import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_MEAN_LUMA, MIN_PHOTO_SIDE, noFaceReason } from './no-face-reason.js';
import { borderFor, withoutBorder } from './tight-crop.js';

describe('why a photo gave no face', () => {
  it('names a photo too small before one too dark, and otherwise just no face', () => {
    expect(noFaceReason({ width: 40, height: 300, meanLuma: 10 })).toBe('face_too_small');
    expect(noFaceReason({ width: 640, height: 480, meanLuma: MIN_MEAN_LUMA - 1 })).toBe('face_too_dark');
    expect(noFaceReason({ width: 640, height: 480, meanLuma: 128 })).toBe('face_none');
  });

  it('never calls a photo of a workable size and light anything but no face', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_PHOTO_SIDE, max: 8000 }),
        fc.integer({ min: MIN_PHOTO_SIDE, max: 8000 }),
        fc.double({ min: MIN_MEAN_LUMA, max: 255, noNaN: true }),
        (width, height, meanLuma) => noFaceReason({ width, height, meanLuma }) === 'face_none',
      ),
    );
  });
});

describe('the border around a tight crop', () => {
  it('is half the picture on each side, and points map back to the original', () => {
    const border = borderFor(150, 200);
    expect(border).toEqual({ left: 75, top: 100 });
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 150, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (x, y) => {
          const back = withoutBorder({ x: x + border.left, y: y + border.top }, border);
          return Math.abs(back.x - x) < 1e-9 && Math.abs(back.y - y) < 1e-9;
        },
      ),
    );
  });
});
