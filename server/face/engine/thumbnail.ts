import jpeg from 'jpeg-js';
import { clipBox, resample, rgbaFromRgb, type Box, type RgbImage } from './rgb-image.js';

export const THUMBNAIL_SIZE = 96;

/**
 * A small square JPEG of the face for the teller's side-by-side view: the
 * detection box widened by a margin so hair and chin show, then squared.
 */
export function faceThumbnail(image: RgbImage, face: Box, size = THUMBNAIL_SIZE): Uint8Array {
  const side = Math.max(face.width, face.height) * 1.4;
  const square = clipBox(image, {
    x: face.x + face.width / 2 - side / 2,
    y: face.y + face.height / 2 - side / 2,
    width: side,
    height: side,
  });
  const small = resample(image, square, size, size);
  return new Uint8Array(jpeg.encode({ width: size, height: size, data: rgbaFromRgb(small) }, 80).data);
}
