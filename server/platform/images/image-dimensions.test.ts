import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegBomb, pngBomb } from '../../../test/support/image-bombs.js';
import { checkDeclaredDimensions, declaredDimensions, PHOTO_LIMITS } from './image-dimensions.js';

const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 200, b: 30 } } });

describe('declaredDimensions', () => {
  it('reads PNG and JPEG headers (baseline, progressive, with EXIF) as a decoder sees them', async () => {
    const samples = [
      await picture(123, 45).png().toBuffer(),
      await picture(640, 480).jpeg().toBuffer(),
      await picture(300, 200).jpeg({ progressive: true }).toBuffer(),
      await picture(77, 99).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    ];
    for (const bytes of samples) {
      const meta = await sharp(bytes).metadata();
      expect(declaredDimensions(bytes)).toEqual({ width: meta.width, height: meta.height });
    }
  });

  it('reads the size a bomb declares without decoding it', () => {
    expect(pngBomb(30_000, 30_000).length).toBeLessThan(300);
    expect(declaredDimensions(pngBomb(30_000, 30_000))).toEqual({ width: 30_000, height: 30_000 });
    expect(declaredDimensions(jpegBomb(60_000, 50_000))).toEqual({ width: 60_000, height: 50_000 });
  });

  it('finds no size in what is not an image or is cut short', () => {
    expect(declaredDimensions(Buffer.from('%PDF-1.7'))).toBeUndefined();
    expect(declaredDimensions(pngBomb(10, 10).subarray(0, 20))).toBeUndefined();
    expect(declaredDimensions(jpegBomb(10, 10).subarray(0, 10))).toBeUndefined();
    expect(declaredDimensions(Buffer.from([0xff, 0xd8, 0x00, 0x00, 0x00]))).toBeUndefined();
  });
});

describe('checkDeclaredDimensions', () => {
  it('refuses more pixels or a longer side than allowed, with a stable code', () => {
    expect(() => checkDeclaredDimensions(pngBomb(30_000, 30_000), PHOTO_LIMITS)).toThrow(
      expect.objectContaining({ code: 'image_dimensions' }),
    );
    expect(() =>
      checkDeclaredDimensions(pngBomb(2001, 10), { maxWidth: 2000, maxHeight: 1000, maxPixels: 1e9 }),
    ).toThrow(expect.objectContaining({ code: 'image_dimensions' }));
    expect(() => checkDeclaredDimensions(Buffer.from('nope'), PHOTO_LIMITS)).toThrow(
      expect.objectContaining({ code: 'image_unreadable' }),
    );
    expect(checkDeclaredDimensions(pngBomb(4000, 4000), PHOTO_LIMITS)).toEqual({ width: 4000, height: 4000 });
  });
});
