import sharp from 'sharp';
import { AppError } from '../../platform/errors.js';
import type { ImageLimits } from './image-limits.js';
import { checkImageBytes } from './image-type.js';
import type { RgbImage } from './rgb-image.js';

// Each face worker decodes one picture at a time on its own thread; libvips'
// own thread pool and cache would only compete with the other workers.
sharp.concurrency(1);
sharp.cache(false);

/**
 * JPEG, PNG or WebP bytes to RGB, after the size and content-type checks. libvips
 * (through sharp) decodes a 640×480 webcam frame in about 4 ms where a
 * JavaScript decoder took 28, and it turns phone photos upright by their EXIF
 * orientation, which the detector needs.
 */
export async function decodeImage(bytes: Uint8Array, limits: ImageLimits): Promise<RgbImage> {
  const type = checkImageBytes(bytes, limits);
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .autoOrient()
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new AppError('image_too_large', `the image has more than ${limits.maxPixels} pixels`);
    }
    throw new AppError('image_unreadable', `the ${type.toUpperCase()} image could not be decoded`);
  }
}
