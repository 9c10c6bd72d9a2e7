import { AppError } from '../../platform/errors.js';
import type { ImageLimits } from './image-limits.js';
import { checkDeclaredDimensions, isWebp, PHOTO_LIMITS } from '../../platform/images/image-dimensions.js';

export type ImageType = 'jpeg' | 'png' | 'webp';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_START = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);

/** The type from the content's first bytes; the file name and the declared type are not trusted. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_START)) return 'jpeg';
  if (isWebp(bytes)) return 'webp';
  return null;
}

/** Refuses what must not be decoded: too big a file, not a JPEG, PNG or WebP, or a header declaring too many pixels. */
export function checkImageBytes(bytes: Uint8Array, limits: ImageLimits): ImageType {
  if (bytes.byteLength > limits.maxBytes) {
    throw new AppError('image_too_large', `the image is larger than ${limits.maxBytes} bytes`);
  }
  const type = sniffImageType(bytes);
  if (!type) throw new AppError('image_type', 'the image is not a JPEG, PNG or WebP');
  checkDeclaredDimensions(bytes, { ...PHOTO_LIMITS, maxPixels: limits.maxPixels });
  return type;
}
