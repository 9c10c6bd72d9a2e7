import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../test/support/face-augmentations.js';
import { readFaceFixture } from '../../test/support/face-fixtures.js';
import { decodeImage } from './image-decoder.js';
import { DEFAULT_IMAGE_LIMITS } from './image-limits.js';
import { sniffImageType } from './image-type.js';

const limits = DEFAULT_IMAGE_LIMITS;
const solid = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(200) };

function pngOf(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return new Uint8Array(PNG.sync.write(png));
}

describe('image input', () => {
  it('tells JPEG from PNG by content alone', () => {
    expect(sniffImageType(readFaceFixture('astronaut.png'))).toBe('png');
    expect(sniffImageType(readFaceFixture('sample1.jpg'))).toBe('jpeg');
    expect(sniffImageType(new TextEncoder().encode('GIF89a…'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it('decodes both to RGB', () => {
    expect(decodeImage(pngOf(3, 2), limits)).toMatchObject({ width: 3, height: 2 });
    const jpeg = decodeImage(encodeJpeg(solid), limits);
    expect(jpeg).toMatchObject({ width: 4, height: 2 });
    expect(jpeg.data).toHaveLength(4 * 2 * 3);
  });

  it('refuses other content, oversized files and images with too many pixels, with stable codes', () => {
    expect(() => decodeImage(new TextEncoder().encode('<svg/>'), limits)).toThrow(
      expect.objectContaining({ code: 'image_type' }),
    );
    expect(() => decodeImage(pngOf(3, 2), { ...limits, maxBytes: 10 })).toThrow(
      expect.objectContaining({ code: 'image_too_large' }),
    );
    expect(() => decodeImage(pngOf(300, 200), { ...limits, maxPixels: 50_000 })).toThrow(
      expect.objectContaining({ code: 'image_too_large' }),
    );
    expect(() => decodeImage(encodeJpeg(solid), { ...limits, maxPixels: 4 })).toThrow(
      expect.objectContaining({ code: 'image_too_large' }),
    );
  });

  it('refuses a file that starts like an image but is not one', () => {
    const truncated = readFaceFixture('astronaut.png').slice(0, 100);
    expect(() => decodeImage(truncated, limits)).toThrow(
      expect.objectContaining({ code: 'image_unreadable' }),
    );
    const fakeJpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(() => decodeImage(fakeJpeg, limits)).toThrow(
      expect.objectContaining({ code: 'image_unreadable' }),
    );
  });
});
