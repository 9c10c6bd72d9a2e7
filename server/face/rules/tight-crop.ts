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

/**
 * The borders tried in turn on a picture without a face. The four portraits
 * the half border still missed (a face filling the crop edge to edge) were
 * found, at scores 0.67 to 0.93, inside a border as wide as the picture, where
 * a 0.25 border and a 2× enlargement found none. The wider border comes
 * second because it shrinks the face to a third of the picture.
 */
export const TIGHT_CROP_BORDERS = [TIGHT_CROP_BORDER, 1] as const;

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
