import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { AppError } from '../errors.js';
import type { ImageLimits } from './image-limits.js';
import { checkImageBytes } from './image-type.js';
import { rgbFromRgba, type RgbImage } from './rgb-image.js';

const tooManyPixels = (limits: ImageLimits) =>
  new AppError('image_too_large', `the image has more than ${limits.maxPixels} pixels`);

/** PNG keeps its size in the IHDR chunk right after the signature: read it before decoding. */
function pngPixels(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.byteLength >= 24 ? view.getUint32(16) * view.getUint32(20) : 0;
}

function decodePng(bytes: Uint8Array, limits: ImageLimits): RgbImage {
  if (pngPixels(bytes) > limits.maxPixels) throw tooManyPixels(limits);
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return rgbFromRgba(png.width, png.height, png.data);
}

function decodeJpeg(bytes: Uint8Array, limits: ImageLimits): RgbImage {
  const decoded = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    maxResolutionInMP: limits.maxPixels / 1_000_000,
    maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 4) / 1_000_000) + 64,
  });
  return { width: decoded.width, height: decoded.height, data: decoded.data };
}

/** JPEG or PNG bytes to RGB, after the size and content-type checks. */
export function decodeImage(bytes: Uint8Array, limits: ImageLimits): RgbImage {
  const type = checkImageBytes(bytes, limits);
  try {
    return type === 'png' ? decodePng(bytes, limits) : decodeJpeg(bytes, limits);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // jpeg-js reports its resolution limit as a plain Error.
    if (error instanceof Error && /maxResolutionInMP|maxMemoryUsageInMB/.test(error.message)) {
      throw tooManyPixels(limits);
    }
    throw new AppError('image_unreadable', `the ${type.toUpperCase()} image could not be decoded`);
  }
}
