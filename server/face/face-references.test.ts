import type { Schema } from '../platform/database/schema.js';
import { sqliteKysely } from '../platform/database/sqlite-kysely.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../platform/database/database.js';
import { AppError } from '../platform/errors.js';
import { TimelineStore } from '../call/index.js';
import { DESCRIPTOR_MODEL } from './engine/descriptor-model.js';
import type { FaceEngine } from './engine/face-engine.js';
import { FaceReferences } from './face-references.js';
import { FaceStore } from './face-store.js';

const OLD_MODEL = 'some-older-model';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** References over a real SQLite file, with an engine that finds a face only in photos whose bytes start with 1. */
function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-face-refs-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'db.sqlite'));
  // The ticket and call rows are not what is tested here.
  db.pragma('foreign_keys = OFF');
  const faces = new FaceStore(db);
  const engine = {
    singleFace: async (bytes: Uint8Array) => {
      if (bytes[0] !== 1) throw new AppError('face_none', 'no face');
      return { descriptor: Float32Array.of(0.5, 0.25), score: 0.9 };
    },
  } as unknown as FaceEngine;
  const kysely = sqliteKysely<Schema>(db);
  const references = new FaceReferences({
    db,
    kysely,
    faces,
    events: new TimelineStore(kysely),
    engine: () => engine,
    dir,
    clock: () => 1_000,
    customerIdOf: (ticketId) => ({ idType: 'id_card', idNumber: ticketId }),
  });
  const fileOnRecord = (idNumber: string, firstByte: number) => {
    const file = `${idNumber}.png`;
    fs.writeFileSync(path.join(dir, file), Uint8Array.of(firstByte, 2, 3));
    faces.putOnFile({
      idType: 'id_card',
      idNumber,
      file,
      mime: 'image/png',
      sha256: crypto.createHash('sha256').update(idNumber).digest('hex'),
      descriptor: Float32Array.of(9, 9),
      descriptorModel: OLD_MODEL,
      uploadedBy: 'bank-system',
      storedAt: 500,
    });
  };
  return { faces, references, fileOnRecord };
}

describe('reference descriptors after a descriptor model change', () => {
  it('stores the current model with each descriptor, and finds nothing outdated then', () => {
    const { faces } = setup();
    expect(faces.outdatedDescriptors(DESCRIPTOR_MODEL.id)).toEqual([]);
  });

  it('enrols an older model’s reference again from its photo, so a check can use it', async () => {
    const { faces, references, fileOnRecord } = setup();
    fileOnRecord('A1', 1);
    expect(faces.outdatedDescriptors(DESCRIPTOR_MODEL.id)).toHaveLength(1);
    expect(await references.enrolOutdatedAgain()).toEqual({ enrolled: 1, refused: 0 });
    const onFile = faces.onFileFor('id_card', 'A1')!;
    expect(onFile.descriptorModel).toBe(DESCRIPTOR_MODEL.id);
    expect([...onFile.descriptor]).toEqual([0.5, 0.25]);
    expect(await references.forCheck('A1', null)).toMatchObject({ descriptorModel: DESCRIPTOR_MODEL.id });
  });

  it('refuses a check on a reference whose photo the current model cannot read, rather than using another', async () => {
    const { faces, references, fileOnRecord } = setup();
    fileOnRecord('B2', 0);
    expect(await references.enrolOutdatedAgain()).toEqual({ enrolled: 0, refused: 1 });
    expect(faces.onFileFor('id_card', 'B2')!.descriptorModel).toBe(OLD_MODEL);
    await expect(references.forCheck('B2', null)).rejects.toMatchObject({ code: 'face_reference_outdated' });
  });
});
