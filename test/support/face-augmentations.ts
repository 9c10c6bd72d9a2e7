import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sniffImageType } from '../../server/face/engine/image-type.js';
import {
  resample,
  rgbaFromRgb,
  rgbFromRgba,
  type Box,
  type RgbImage,
} from '../../server/face/engine/rgb-image.js';

/** A changed copy of a photo, as a camera or a scanner might have produced it. */
export type Augmentation = (image: RgbImage) => RgbImage;

export function encodeJpeg(image: RgbImage, quality = 90): Uint8Array {
  return new Uint8Array(jpeg.encode({ ...image, data: rgbaFromRgb(image) }, quality).data);
}

/** A fixture's pixels, synchronously, for building variants of it (the server decodes with libvips). */
export function decodeFixture(bytes: Uint8Array): RgbImage {
  if (sniffImageType(bytes) === 'png') {
    const png = PNG.sync.read(Buffer.from(bytes));
    return rgbFromRgba(png.width, png.height, png.data);
  }
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: decoded.width, height: decoded.height, data: decoded.data };
}

export function mirrored(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + x) * 3;
      data.set(image.data.subarray(from, from + 3), (y * image.width + (image.width - 1 - x)) * 3);
    }
  }
  return { ...image, data };
}

export const brightness =
  (factor: number): Augmentation =>
  (image) => ({ ...image, data: image.data.map((v) => Math.min(255, Math.round(v * factor))) });

/** Keeps the centre `fraction` of each side, scaled back to the original size. */
export const centreCrop =
  (fraction: number): Augmentation =>
  (image) => {
    const width = image.width * fraction;
    const height = image.height * fraction;
    const source = { x: (image.width - width) / 2, y: (image.height - height) / 2, width, height };
    return resample(image, source, image.width, image.height);
  };

/** Round trip through a low-quality JPEG. */
export const recompressed =
  (quality: number): Augmentation =>
  (image) =>
    decodeFixture(encodeJpeg(image, quality));

export const AUGMENTATIONS: Record<string, Augmentation> = {
  mirrored,
  brighter: brightness(1.35),
  darker: brightness(0.6),
  cropped: centreCrop(0.85),
  jpeg40: recompressed(40),
};

/**
 * Approximates a head turn from a frontal photo: the face box is treated as
 * the front of a cylinder and rotated by `angle` (radians; positive moves the
 * nose towards the picture's right, the subject's own left). Outside the face
 * the picture is left as it is. A geometric stand-in, not a real turn.
 */
export function cylinderTurn(image: RgbImage, face: Box, angle: number): RgbImage {
  const data = new Uint8Array(image.data);
  const centre = face.x + face.width / 2;
  const radius = face.width * 0.55;
  const top = Math.max(0, Math.floor(face.y - face.height * 0.3));
  const bottom = Math.min(image.height, Math.ceil(face.y + face.height * 1.1));
  const left = Math.max(0, Math.ceil(centre - radius));
  const right = Math.min(image.width - 1, Math.floor(centre + radius));
  for (let y = top; y < bottom; y++) {
    for (let x = left; x <= right; x++) {
      const turned = Math.asin(Math.max(-1, Math.min(1, (x - centre) / radius))) - angle;
      // The back of the cylinder is hidden: those pixels keep the edge colour.
      const clamped = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, turned));
      const sourceX = Math.round(centre + radius * Math.sin(clamped));
      const from = (y * image.width + Math.max(0, Math.min(image.width - 1, sourceX))) * 3;
      data.set(image.data.subarray(from, from + 3), (y * image.width + x) * 3);
    }
  }
  return { ...image, data };
}
