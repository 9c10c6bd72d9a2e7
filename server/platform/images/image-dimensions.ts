import { AppError } from '../errors.js';

export interface Dimensions {
  width: number;
  height: number;
}

/** How large a picture may say it is; a 196-byte PNG can declare 30000×30000 and unpack to gigabytes. */
export interface DimensionLimits {
  maxWidth: number;
  maxHeight: number;
  maxPixels: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, end));

/** A RIFF container of type WEBP: "RIFF", a length, "WEBP". */
export const isWebp = (bytes: Uint8Array): boolean =>
  bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP';

/**
 * The width and height a PNG (its IHDR chunk), a JPEG (its first
 * start-of-frame marker) or a WebP (its first chunk) declares, read from the
 * header alone, before any decoder sees the bytes. Undefined when no header
 * can be found.
 */
export function declaredDimensions(bytes: Uint8Array): Dimensions | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return pngDimensions(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegDimensions(bytes);
  if (isWebp(bytes)) return webpDimensions(bytes);
  return undefined;
}

// Face-check area: WebP reference photos. The first chunk after "WEBP" at
// byte 12 says how the picture is stored; each kind keeps its size elsewhere.
function webpDimensions(bytes: Uint8Array): Dimensions | undefined {
  if (bytes.length < 30) return undefined;
  const u24 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  switch (ascii(bytes, 12, 16)) {
    case 'VP8X': // extended: canvas width − 1 and height − 1, 24 bits each
      return { width: u24(24) + 1, height: u24(27) + 1 };
    case 'VP8 ': // lossy: after a 3-byte frame tag and the start code 9D 01 2A, 14-bit sizes
      if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
      return { width: u16(26) & 0x3fff, height: u16(28) & 0x3fff };
    case 'VP8L': {
      // lossless: signature 0x2F, then width − 1 and height − 1 in 14 bits each
      if (bytes[20] !== 0x2f) return undefined;
      const bits = (bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)) >>> 0;
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    default:
      return undefined;
  }
}

function pngDimensions(bytes: Uint8Array): Dimensions | undefined {
  // Signature (8), then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4).
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): not DHT (C4), JPG (C8) or DAC (CC). */
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegDimensions(bytes: Uint8Array): Dimensions | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    // Fill bytes, and markers without a length (TEM, RSTn).
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    // Start of scan or end of image before any frame header: nothing declares a size.
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = view.getUint16(offset + 2);
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return undefined;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}

/**
 * Refuses a picture whose header declares more than `limits` allow, or none
 * (`image_dimensions`, `image_unreadable`), before anything decodes it.
 */
export function checkDeclaredDimensions(bytes: Uint8Array, limits: DimensionLimits): Dimensions {
  const size = declaredDimensions(bytes);
  if (!size || size.width === 0 || size.height === 0) {
    throw new AppError('image_unreadable', 'the image header gives no size');
  }
  if (
    size.width > limits.maxWidth ||
    size.height > limits.maxHeight ||
    size.width * size.height > limits.maxPixels
  ) {
    throw new AppError(
      'image_dimensions',
      `the image declares ${size.width}×${size.height}; at most ${limits.maxWidth}×${limits.maxHeight} and ${limits.maxPixels} pixels`,
    );
  }
  return size;
}

/** Photos (reference photos, camera frames, pictures of documents): 16 megapixels, no side over 16384. */
export const PHOTO_LIMITS: DimensionLimits = { maxWidth: 16_384, maxHeight: 16_384, maxPixels: 16_000_000 };
