/** A decoded picture: 3 bytes per pixel (R, G, B), rows top to bottom. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function rgbFromRgba(width: number, height: number, rgba: Uint8Array): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let pixel = 0, out = 0; pixel < width * height; pixel++) {
    data[out++] = rgba[pixel * 4]!;
    data[out++] = rgba[pixel * 4 + 1]!;
    data[out++] = rgba[pixel * 4 + 2]!;
  }
  return { width, height, data };
}

export function rgbaFromRgb(image: RgbImage): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let pixel = 0; pixel < image.width * image.height; pixel++) {
    rgba.set(image.data.subarray(pixel * 3, pixel * 3 + 3), pixel * 4);
    rgba[pixel * 4 + 3] = 255;
  }
  return rgba;
}

/** The box clipped to the picture, in whole pixels. */
export function clipBox(image: RgbImage, box: Box): Box {
  const x = Math.max(0, Math.floor(box.x));
  const y = Math.max(0, Math.floor(box.y));
  const right = Math.min(image.width, Math.ceil(box.x + box.width));
  const bottom = Math.min(image.height, Math.ceil(box.y + box.height));
  return { x, y, width: Math.max(1, right - x), height: Math.max(1, bottom - y) };
}

/** Samples `source` (a region of `image`) into a new width × height picture, bilinearly. */
export function resample(image: RgbImage, source: Box, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const at = (x: number, y: number, c: number) =>
    image.data[(Math.min(image.height - 1, y) * image.width + Math.min(image.width - 1, x)) * 3 + c]!;
  for (let row = 0; row < height; row++) {
    const sy = Math.max(0, source.y + ((row + 0.5) * source.height) / height - 0.5);
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let col = 0; col < width; col++) {
      const sx = Math.max(0, source.x + ((col + 0.5) * source.width) / width - 0.5);
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x0 + 1, y0, c) * fx;
        const bottom = at(x0, y0 + 1, c) * (1 - fx) + at(x0 + 1, y0 + 1, c) * fx;
        data[(row * width + col) * 3 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width, height, data };
}

// Mid grey: neither a dark nor a bright border draws the detector's attention.
const BORDER_GREY = 128;

/** The picture in the middle of a grey border of the given widths (rules/tight-crop.ts says why). */
export function withBorder(image: RgbImage, border: { left: number; top: number }): RgbImage {
  const width = image.width + 2 * border.left;
  const height = image.height + 2 * border.top;
  const data = new Uint8Array(width * height * 3).fill(BORDER_GREY);
  const row = image.width * 3;
  for (let y = 0; y < image.height; y++) {
    data.set(image.data.subarray(y * row, (y + 1) * row), ((y + border.top) * width + border.left) * 3);
  }
  return { width, height, data };
}

/** Mean BT.601 luma over a sample of pixels (every 7th: exact enough, and cheap on a 16 MP photo). */
export function meanLuma(image: RgbImage): number {
  const pixels = image.width * image.height;
  let sum = 0;
  let count = 0;
  for (let pixel = 0; pixel < pixels; pixel += 7) {
    const i = pixel * 3;
    sum += 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * A `size`×`size` picture sampled bilinearly through `toPicture` (crop pixel →
 * picture point), as floats 0–255, RGB interleaved: what a descriptor model
 * takes. Points outside the picture take its nearest edge pixel.
 */
export function sampleSquare(
  image: RgbImage,
  size: number,
  toPicture: (u: number, v: number) => { x: number; y: number },
): Float32Array {
  const out = new Float32Array(size * size * 3);
  const row = (y: number) => Math.min(image.height - 1, Math.max(0, y)) * image.width;
  const col = (x: number) => Math.min(image.width - 1, Math.max(0, x));
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const { x, y } = toPicture(u, v);
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      const [a, b, c, d] = [
        row(y0) + col(x0),
        row(y0) + col(x0 + 1),
        row(y0 + 1) + col(x0),
        row(y0 + 1) + col(x0 + 1),
      ];
      for (let ch = 0; ch < 3; ch++) {
        const top = image.data[a * 3 + ch]! * (1 - fx) + image.data[b * 3 + ch]! * fx;
        const bottom = image.data[c * 3 + ch]! * (1 - fx) + image.data[d * 3 + ch]! * fx;
        out[(v * size + u) * 3 + ch] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}
