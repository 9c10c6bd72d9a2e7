import { PNG } from 'pngjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../../test/support/face-augmentations.js';
import { readFaceFixture } from '../../../test/support/face-fixtures.js';
import { decodeImage } from './image-decoder.js';
import { DEFAULT_IMAGE_LIMITS } from './image-limits.js';
import { sniffImageType } from './image-type.js';

const limits = DEFAULT_IMAGE_LIMITS;
const solid = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(200) };

type WebpOptions = Parameters<ReturnType<typeof sharp>['webp']>[0];

// Lossy (chunk VP8), lossless (VP8L), and with an alpha channel (extended, VP8X).
const webpOf = async (width: number, height: number, options: WebpOptions, channels: 3 | 4 = 3) =>
  new Uint8Array(
    await sharp({ create: { width, height, channels, background: { r: 90, g: 120, b: 200, alpha: 0.5 } } })
      .webp(options)
      .toBuffer(),
  );

function pngOf(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return new Uint8Array(PNG.sync.write(png));
}

describe('image input', () => {
  it('tells JPEG from PNG by content alone', () => {
    expect(sniffImageType(readFaceFixture('astronaut.png'))).toBe('png');
    expect(sniffImageType(readFaceFixture('sample1.jpg'))).toBe('jpeg');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('GIF89a…'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it('decodes both to RGB', async () => {
    expect(await decodeImage(pngOf(3, 2), limits)).toMatchObject({ width: 3, height: 2 });
    const jpeg = await decodeImage(encodeJpeg(solid), limits);
    expect(jpeg).toMatchObject({ width: 4, height: 2 });
    expect(jpeg.data).toHaveLength(4 * 2 * 3);
  });

  it('decodes lossy, lossless and extended WebP, and refuses one that declares too many pixels before decoding', async () => {
    for (const channels of [3, 4] as const) {
      for (const options of [{ quality: 80 }, { lossless: true }]) {
        const decoded = await decodeImage(await webpOf(33, 17, options, channels), limits);
        expect(decoded).toMatchObject({ width: 33, height: 17 });
        expect(decoded.data).toHaveLength(33 * 17 * 3);
        await expect(
          decodeImage(await webpOf(300, 200, options, channels), { ...limits, maxPixels: 50_000 }),
        ).rejects.toThrow(expect.objectContaining({ code: 'image_dimensions' }));
      }
    }
    const truncated = (await webpOf(33, 17, { quality: 80 })).slice(0, 26);
    await expect(decodeImage(truncated, limits)).rejects.toThrow(
      expect.objectContaining({ code: 'image_unreadable' }),
    );
  });

  it('turns a phone photo upright by its EXIF orientation, and gives grey pictures three channels', async () => {
    const raw = { raw: { width: 4, height: 2, channels: 3 as const } };
    const sideways = await sharp(Buffer.from(solid.data), raw)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect(await decodeImage(new Uint8Array(sideways), limits)).toMatchObject({ width: 2, height: 4 });
    const grey = await sharp(Buffer.from(solid.data), raw).greyscale().jpeg().toBuffer();
    const decoded = await decodeImage(new Uint8Array(grey), limits);
    expect(decoded.data).toHaveLength(4 * 2 * 3);
  });

  it('refuses other content, oversized files and images with too many pixels, with stable codes', async () => {
    await expect(decodeImage(new TextEncoder().encode('<svg/>'), limits)).rejects.toThrow(
      expect.objectContaining({ code: 'image_type' }),
    );
    await expect(decodeImage(pngOf(3, 2), { ...limits, maxBytes: 10 })).rejects.toThrow(
      expect.objectContaining({ code: 'image_too_large' }),
    );
    // Too many pixels is read from the header, before any decode.
    await expect(decodeImage(pngOf(300, 200), { ...limits, maxPixels: 50_000 })).rejects.toThrow(
      expect.objectContaining({ code: 'image_dimensions' }),
    );
    await expect(decodeImage(encodeJpeg(solid), { ...limits, maxPixels: 4 })).rejects.toThrow(
      expect.objectContaining({ code: 'image_dimensions' }),
    );
  });

  it('refuses a file that starts like an image but is not one', async () => {
    const truncated = readFaceFixture('astronaut.png').slice(0, 100);
    await expect(decodeImage(truncated, limits)).rejects.toThrow(
      expect.objectContaining({ code: 'image_unreadable' }),
    );
    const fakeJpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await expect(decodeImage(fakeJpeg, limits)).rejects.toThrow(
      expect.objectContaining({ code: 'image_unreadable' }),
    );
  });
});
