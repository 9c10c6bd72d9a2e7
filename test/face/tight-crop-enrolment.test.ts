import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { descriptorDistance } from '../../server/face/rules/descriptor-distance.js';
import { FACE_FIXTURES_DIR } from '../support/face-fixtures.js';

const LABELLED = path.join(FACE_FIXTURES_DIR, 'labelled');

describe('enrolment of tight ID-style crops (real models)', () => {
  const engine = new FaceEngine({ workers: 1 });
  afterAll(() => engine.close());

  it('finds the face in every 150×150 greyscale portrait, where the bare detector found 6 of 40', async () => {
    const files = fs.readdirSync(LABELLED).sort();
    const results = await Promise.all(
      files.map((file) =>
        engine.singleFace(new Uint8Array(fs.readFileSync(path.join(LABELLED, file)))).then(
          (face) => ({ file, box: face.box }),
          (error: { code: string }) => ({ file, code: error.code }),
        ),
      ),
    );
    expect(files).toHaveLength(40);
    expect(results.filter((r) => 'code' in r)).toEqual([]);
    const enrolled = results.filter((r) => 'box' in r);
    // Boxes are in the photo's own coordinates, not the bordered picture's.
    for (const { box } of enrolled as { box: { x: number; y: number; width: number } }[]) {
      expect(box.x + box.width / 2).toBeGreaterThan(0);
      expect(box.x + box.width / 2).toBeLessThan(150);
    }
  }, 900_000);

  it('enrols a WebP photo as it does the same photo in PNG', async () => {
    const sharp = (await import('sharp')).default;
    const png = new Uint8Array(fs.readFileSync(path.join(FACE_FIXTURES_DIR, 'vlado-01.png')));
    const webp = new Uint8Array(await sharp(png).webp({ quality: 90 }).toBuffer());
    const [fromPng, fromWebp] = await Promise.all([engine.singleFace(png), engine.singleFace(webp)]);
    expect(descriptorDistance(fromPng.descriptor, fromWebp.descriptor)).toBeLessThan(0.1);
  }, 120_000);

  it('says a black photo is too dark rather than just faceless', async () => {
    const sharp = (await import('sharp')).default;
    const black = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#050505' } })
      .png()
      .toBuffer();
    await expect(engine.singleFace(new Uint8Array(black))).rejects.toMatchObject({ code: 'face_too_dark' });
  }, 120_000);
});
