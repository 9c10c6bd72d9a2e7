import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFaceFixture } from '../../../test/support/face-fixtures.js';
import { FaceEngine } from './face-engine.js';
import { THUMBNAIL_SIZE } from './thumbnail.js';

// Real models on one worker thread, as production runs them by default.
let engine: FaceEngine;
beforeAll(async () => {
  engine = new FaceEngine({ workers: 1 });
  await engine.ready();
});
afterAll(() => engine.close());

describe('FaceEngine with the real models', () => {
  it('finds the single face of a reference photo with 68 landmarks, a descriptor and a thumbnail', async () => {
    const face = await engine.singleFace(readFaceFixture('astronaut.png'));
    expect(face.landmarks).toHaveLength(68);
    expect(face.descriptor).toHaveLength(128);
    expect(face.score).toBeGreaterThan(0.9);
    const thumbnail = jpeg.decode(face.thumbnail);
    expect([thumbnail.width, thumbnail.height]).toEqual([THUMBNAIL_SIZE, THUMBNAIL_SIZE]);
  });

  it('finds every face of a group photo, and refuses it as a reference', async () => {
    const group = readFaceFixture('sample1.jpg');
    const analysis = await engine.analyse(group);
    expect(analysis.faces).toHaveLength(3);
    expect(analysis.faces.every((f) => f.descriptor?.length === 128)).toBe(true);
    await expect(engine.singleFace(group)).rejects.toMatchObject({ code: 'face_multiple' });
  });

  it('refuses a photo without a face', async () => {
    await expect(engine.singleFace(readFaceFixture('ela_original.jpg'))).rejects.toMatchObject({
      code: 'face_none',
    });
  });

  it('finds the face with the tiny detector and skips descriptors when not asked', async () => {
    const analysis = await engine.analyse(readFaceFixture('astronaut.png'), {
      detector: 'tiny',
      descriptors: false,
    });
    expect(analysis.faces).toHaveLength(1);
    expect(analysis.faces[0]!.descriptor).toBeUndefined();
  });

  it('checks type and size on the calling thread, before queueing', () => {
    expect(() => engine.analyse(new TextEncoder().encode('not an image'))).toThrow(
      expect.objectContaining({ code: 'image_type' }),
    );
    const small = new FaceEngine({ workers: 1, limits: { maxBytes: 1000, maxPixels: 1e6 } });
    try {
      expect(() => small.analyse(readFaceFixture('astronaut.png'))).toThrow(
        expect.objectContaining({ code: 'image_too_large' }),
      );
    } finally {
      void small.close();
    }
  });

  it('reports a decoding failure inside the worker with its code', async () => {
    // Cut after its header (which the main thread reads for the size) and in the middle of its scan.
    const whole = readFaceFixture('sample1.jpg');
    const broken = whole.slice(0, whole.byteLength / 2);
    await expect(engine.analyse(broken)).rejects.toMatchObject({ code: 'image_unreadable' });
  });
});
