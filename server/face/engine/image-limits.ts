export interface ImageLimits {
  /** Largest encoded file accepted. */
  maxBytes: number;
  /** Largest width × height decoded: a small file can still unpack to gigabytes. */
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxPixels: 16_000_000,
};
