import type { Point } from './landmarks.js';

/**
 * The detector (SSD MobileNet, trained on scenes) misses faces that fill the
 * whole picture, as ID photos and passport crops do: on the 40 tight 150×150
 * portraits in shared/faces/labelled it found 6 faces as given and 7 when the
 * picture was only enlarged, but 36 once a border of half the picture's size was
 * added on every side. Greyscale made no difference. So a picture without a
 * face is tried once more with that border.
 */
export const TIGHT_CROP_BORDER = 0.5;

export interface Border {
  left: number;
  top: number;
}

/** The border added around a `width`×`height` picture, in pixels on each side. */
export function borderFor(width: number, height: number, fraction = TIGHT_CROP_BORDER): Border {
  return { left: Math.round(width * fraction), top: Math.round(height * fraction) };
}

/** A point found in the bordered picture, in the original picture's coordinates. */
export const withoutBorder = (point: Point, border: Border): Point => ({
  x: point.x - border.left,
  y: point.y - border.top,
});
