/**
 * Regenerates test/fixtures/faces/landmarks.json, the 68-point landmarks the
 * yaw and eye-ratio unit tests run on, from the real photos through the real
 * models. Run: node --import tsx test/support/extract-landmark-fixtures.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'prettier';
import { FaceEngine } from '../../server/face/engine/face-engine.js';
import { cylinderTurn, decodeFixture, encodeJpeg, mirrored } from './face-augmentations.js';
import { FACE_FIXTURES_DIR, readFaceFixture } from './face-fixtures.js';

const TURN = (30 * Math.PI) / 180;
const engine = new FaceEngine({ workers: 1 });
try {
  const bytes = readFaceFixture('astronaut.png');
  const image = decodeFixture(bytes);
  const frontal = await engine.singleFace(bytes, 'ssd');
  const turnedLeft = cylinderTurn(image, frontal.box, TURN);
  const variants: Record<string, Uint8Array> = {
    'astronaut-frontal': bytes,
    'astronaut-turned-left': encodeJpeg(turnedLeft),
    'astronaut-turned-right': encodeJpeg(cylinderTurn(image, frontal.box, -TURN)),
    'astronaut-turned-left-mirrored': encodeJpeg(mirrored(turnedLeft)),
    'vlado-01': readFaceFixture('vlado-01.png'),
  };
  const landmarks: Record<string, { x: number; y: number }[]> = {};
  for (const [name, variant] of Object.entries(variants)) {
    const face = await engine.singleFace(variant, 'tiny');
    landmarks[name] = face.landmarks.map(({ x, y }) => ({ x: +x.toFixed(2), y: +y.toFixed(2) }));
  }
  const json = await format(JSON.stringify(landmarks), { parser: 'json' });
  fs.writeFileSync(path.join(FACE_FIXTURES_DIR, 'landmarks.json'), json);
} finally {
  await engine.close();
}
