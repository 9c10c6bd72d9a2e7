import { MAX_REFERENCE_PHOTO_BYTES } from '../../../shared/contracts/face-events.js';

export interface ImageLimits {
  /** Largest encoded file accepted. */
  maxBytes: number;
  /** Largest width × height decoded: a small file can still unpack to gigabytes. */
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: MAX_REFERENCE_PHOTO_BYTES,
  maxPixels: 16_000_000,
};
