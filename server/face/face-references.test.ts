import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { storedTicket } from '../../test/support/face-rows.js';
import { readFaceFixture } from '../../test/support/face-fixtures.js';
import type { DialectName } from '../platform/database/dialect.js';
import { AppError } from '../platform/errors.js';
import { TimelineStore } from '../call/index.js';
import { DESCRIPTOR_MODEL } from './engine/descriptor-model.js';
import type { FaceEngine } from './engine/face-engine.js';
import { FaceReferences } from './face-references.js';
import { FaceStore } from './face-store.js';

const OLD_MODEL = 'some-older-model';
const databases = databasesPerTest();
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** References over a real database, with an engine that finds a face in any photo except those whose bytes start with 0. */
async function setup(dialect: DialectName) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-face-refs-'));
  dirs.push(dir);
  const { kysely } = await databases.open(dialect);
  const faces = new FaceStore(kysely);
  const engine = {
    singleFace: async (bytes: Uint8Array) => {
      if (bytes[0] === 0) throw new AppError('face_none', 'no face');
      return { descriptor: Float32Array.of(0.5, 0.25), score: 0.9 };
    },
  } as unknown as FaceEngine;
  const references = new FaceReferences({
    db: kysely,
    faces,
    events: new TimelineStore(kysely),
    engine: () => engine,
    dir,
    clock: () => 1_000,
    customerIdOf: (ticketId) => Promise.resolve({ idType: 'id_card', idNumber: ticketId }),
  });
  /**
   * A photo on file for the ID `idNumber` read by an older model, and a ticket of that number
   * opened with it. `kept`: in its row, or as a file, as photos stored before were.
   */
  const fileOnRecord = async (idNumber: string, firstByte: number, kept: 'row' | 'file') => {
    await storedTicket(kysely, { ticketId: idNumber, idNumber });
    const photo = Uint8Array.of(firstByte, 2, 3);
    const onFile = {
      idType: 'id_card',
      idNumber,
      file: kept === 'file' ? `${idNumber}.png` : '',
      mime: 'image/png',
      sha256: crypto.createHash('sha256').update(idNumber).digest('hex'),
      descriptor: Float32Array.of(9, 9),
      descriptorModel: OLD_MODEL,
      uploadedBy: 'bank-system',
      storedAt: 500,
    };
    await faces.putOnFile(onFile, photo);
    if (kept === 'file') {
      fs.writeFileSync(path.join(dir, onFile.file), photo);
      await kysely
        .updateTable('face_references_on_file')
        .set({ photo: null })
        .where('id_number', '=', idNumber)
        .execute();
    }
    return photo;
  };
  return { dir, faces, references, fileOnRecord };
}

describe.each(DIALECTS)('reference descriptors after a descriptor model change, on %s', (dialect) => {
  it('stores an upload’s photo in the database with the current model, and finds nothing outdated then', async () => {
    const { dir, faces, references, fileOnRecord } = await setup(dialect);
    await fileOnRecord('A1', 1, 'file');
    const photo = readFaceFixture('astronaut.png');
    const { referenceId } = await references.store({
      ticketId: 'A1',
      callId: null,
      uploadedBy: 'u-1',
      bytes: photo,
    });
    expect(await faces.outdatedDescriptors(DESCRIPTOR_MODEL.id)).toEqual([
      { kind: 'on_file', idType: 'id_card', idNumber: 'A1', file: 'A1.png' },
    ]);
    // Staff see the teller's upload, read from its row: no file was written for it.
    const current = await references.current('A1');
    expect(current).toMatchObject({ kind: 'ticket', id: referenceId, file: '', mime: 'image/png' });
    expect((await references.read(current!)).equals(photo)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f !== 'A1.png')).toEqual([]);
  });

  it.each(['row', 'file'] as const)(
    'enrols an older model’s reference again from its photo (kept in its %s), so a check can use it',
    async (kept) => {
      const { faces, references, fileOnRecord } = await setup(dialect);
      const photo = await fileOnRecord('A1', 1, kept);
      expect(await faces.outdatedDescriptors(DESCRIPTOR_MODEL.id)).toHaveLength(1);
      expect(await references.enrolOutdatedAgain()).toEqual({ enrolled: 1, refused: 0 });
      const onFile = (await faces.onFileFor('id_card', 'A1'))!;
      expect(onFile.descriptorModel).toBe(DESCRIPTOR_MODEL.id);
      expect([...onFile.descriptor]).toEqual([0.5, 0.25]);
      const used = await references.forCheck('A1', null);
      expect(used).toMatchObject({ descriptorModel: DESCRIPTOR_MODEL.id, source: 'on_file' });
      // The check brought the photo into the ticket's references, once.
      expect(await faces.referencesOf('A1')).toEqual([used]);
      expect(await references.forCheck('A1', null)).toEqual(used);
      // The copy keeps the photo, wherever the photo on file was kept.
      expect([...(await references.read({ kind: 'ticket', ...used! }))]).toEqual([...photo]);
    },
  );

  it('refuses a check on a reference whose photo the current model cannot read, rather than using another', async () => {
    const { faces, references, fileOnRecord } = await setup(dialect);
    await fileOnRecord('B2', 0, 'row');
    expect(await references.enrolOutdatedAgain()).toEqual({ enrolled: 0, refused: 1 });
    expect((await faces.onFileFor('id_card', 'B2'))!.descriptorModel).toBe(OLD_MODEL);
    await expect(references.forCheck('B2', null)).rejects.toMatchObject({ code: 'face_reference_outdated' });
  });
});
