import fs from 'node:fs';
import path from 'node:path';

export const FACE_FIXTURES_DIR = path.resolve(import.meta.dirname, '../fixtures/faces');

export const readFaceFixture = (name: string): Uint8Array =>
  new Uint8Array(fs.readFileSync(path.join(FACE_FIXTURES_DIR, name)));

/** Single-face photos by person: nine of one man, one of Eileen Collins. */
export const PORTRAITS: Record<string, string[]> = {
  vlado: Array.from({ length: 9 }, (_, i) => `vlado-0${i + 1}.png`),
  collins: ['astronaut.png'],
};

/** Group photos: every face in them is a different person, and none is in PORTRAITS. */
export const GROUP_PHOTOS = Array.from({ length: 6 }, (_, i) => `sample${i + 1}.jpg`);

export const NO_FACE_PHOTO = 'ela_original.jpg';
