import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { storedTicket } from '../../test/support/face-rows.js';
import { inTransaction } from '../platform/database/transaction.js';
import { FaceStore, type FaceCheckRow, type FaceReference, type OnFileReference } from './face-store.js';

const databases = databasesPerTest();
/** Bytes as a JPEG begins, and every byte value: the store keeps them as they are. */
const PHOTO = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 256 }, (_, i) => i)]);

const reference = (id: string, changes: Partial<FaceReference> = {}): FaceReference => ({
  id,
  ticketId: 't-1',
  callId: 'c-1',
  uploadedBy: 'customer',
  source: 'customer',
  file: `${id}.png`,
  mime: 'image/png',
  sha256: 'a'.repeat(64),
  // Values a Float32 holds exactly, so the bytes round-trip to equal numbers.
  descriptor: Float32Array.of(0.5, -0.25, 1.75, 3),
  descriptorModel: 'model-2',
  storedAt: 5_000,
  ...changes,
});

const onFile = (changes: Partial<OnFileReference> = {}): OnFileReference => ({
  idType: 'id_card',
  idNumber: '110101199001011234',
  file: 'on-file-1.jpg',
  mime: 'image/jpeg',
  sha256: 'b'.repeat(64),
  descriptor: Float32Array.of(0.125, 0.5),
  descriptorModel: 'model-1',
  uploadedBy: 'bank-system',
  storedAt: 4_000,
  ...changes,
});

const check = (id: string, referenceId = 'r-1'): Omit<FaceCheckRow, 'judgement' | 'decision'> => ({
  id,
  callId: 'c-1',
  referenceId,
  startedBy: 'teller-1',
  startedAt: 6_000,
  challenge: ['turn-left', 'blink', 'turn-right'],
  threshold: 0.5,
  reviewBand: 0.05,
});

const frame = (seq: number, sha256: string) => ({
  seq,
  sha256,
  faces: 1,
  yaw: 0.1,
  eyeAspectRatio: 0.3,
  distance: 0.42,
});

describe.each(DIALECTS)('FaceStore on %s', (dialect) => {
  async function opened() {
    const { kysely } = await databases.open(dialect);
    await storedTicket(kysely, { ticketId: 't-1', idNumber: '110101199001011234', callId: 'c-1' });
    return { kysely, faces: new FaceStore(kysely) };
  }

  it('keeps a ticket’s references oldest first, with each descriptor’s Float32 bytes as stored', async () => {
    const { faces } = await opened();
    await faces.insertReference(
      reference('r-2', { storedAt: 7_000, source: 'teller', uploadedBy: 'u-1' }),
      PHOTO,
    );
    await faces.insertReference(reference('r-1'), PHOTO);
    expect(await faces.referencesOf('t-1')).toEqual([
      reference('r-1'),
      reference('r-2', { storedAt: 7_000, source: 'teller', uploadedBy: 'u-1' }),
    ]);
    expect(await faces.referencesOf('t-2')).toEqual([]);
    const found = await faces.findReference('r-1');
    expect(found?.descriptor).toBeInstanceOf(Float32Array);
    expect([...found!.descriptor]).toEqual([0.5, -0.25, 1.75, 3]);
    expect(await faces.findReference('r-9')).toBeUndefined();
  });

  it('keeps each reference photo’s bytes in its row, and none for one stored before as a file', async () => {
    const { faces } = await opened();
    await faces.insertReference(reference('r-1'), PHOTO);
    await faces.insertReference(reference('r-old', { file: 'r-old.jpg' }), null);
    await faces.putOnFile(onFile(), PHOTO.subarray(0, 4));
    const ticketPhoto = await faces.photoOf({ kind: 'ticket', id: 'r-1', file: '' });
    expect(ticketPhoto).toBeInstanceOf(Buffer);
    expect(ticketPhoto!.equals(Buffer.from(PHOTO))).toBe(true);
    expect(await faces.photoOf({ kind: 'ticket', id: 'r-old', file: 'r-old.jpg' })).toBeNull();
    const onFilePhoto = await faces.photoOf({
      kind: 'on_file',
      idType: 'id_card',
      idNumber: '110101199001011234',
      file: '',
    });
    expect([...onFilePhoto!]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect(await faces.photoOf({ kind: 'on_file', idType: 'passport', idNumber: 'X', file: '' })).toBeNull();
  });

  it('replaces the photo on file for an ID, and finds it by that ID only', async () => {
    const { faces } = await opened();
    await faces.putOnFile(onFile(), PHOTO);
    const newer = onFile({ file: 'on-file-2.png', sha256: 'c'.repeat(64), storedAt: 9_000 });
    await faces.putOnFile(newer, Uint8Array.of(1, 2, 3));
    expect(await faces.onFileFor('id_card', '110101199001011234')).toEqual(newer);
    const photo = await faces.photoOf({ kind: 'on_file', ...newer });
    expect([...photo!]).toEqual([1, 2, 3]);
    expect(await faces.onFileFor('passport', '110101199001011234')).toBeUndefined();
  });

  it('lists descriptors another model made, and forgets each once made again', async () => {
    const { faces } = await opened();
    await faces.insertReference(reference('r-1', { descriptorModel: 'model-1' }), PHOTO);
    await faces.insertReference(reference('r-2'), PHOTO);
    await faces.putOnFile(onFile(), PHOTO);
    const outdated = await faces.outdatedDescriptors('model-2');
    expect(outdated).toEqual([
      { kind: 'ticket', id: 'r-1', file: 'r-1.png' },
      { kind: 'on_file', idType: 'id_card', idNumber: '110101199001011234', file: 'on-file-1.jpg' },
    ]);
    for (const row of outdated) await faces.replaceDescriptor(row, Float32Array.of(2, 4), 'model-2');
    expect(await faces.outdatedDescriptors('model-2')).toEqual([]);
    expect([...(await faces.findReference('r-1'))!.descriptor]).toEqual([2, 4]);
    expect((await faces.onFileFor('id_card', '110101199001011234'))!.descriptorModel).toBe('model-2');
  });

  it('stores a check, its judgement once (thumbnail bytes included), and counts failures', async () => {
    const { faces } = await opened();
    await faces.insertReference(reference('r-1'), PHOTO);
    await faces.insertCheck(check('k-1'));
    expect(await faces.findCheck('k-1')).toEqual({ ...check('k-1'), judgement: null, decision: null });
    const judgement = {
      outcome: 'fail' as const,
      reasons: ['distance'],
      distance: 0.61,
      frames: [frame(1, 'f1'), frame(2, 'f2')],
      thumbnail: Uint8Array.of(0xff, 0xd8, 0, 1),
      judgedAt: 8_000,
    };
    await faces.judge('k-1', judgement);
    // A second verdict never overwrites the first.
    await faces.judge('k-1', { ...judgement, outcome: 'pass', judgedAt: 9_000 });
    expect((await faces.findCheck('k-1'))!.judgement).toEqual(judgement);
    expect(await faces.failedCount('c-1')).toBe(1);
    expect(await faces.frameHashes('c-1')).toEqual(new Set(['f1', 'f2']));
    expect(await faces.findCheck('k-9')).toBeUndefined();
  });

  it('takes a review decision once, only for a check in the review band, and counts a failed one', async () => {
    const { faces } = await opened();
    await faces.insertReference(reference('r-1'), PHOTO);
    await faces.insertCheck(check('k-pass'));
    await faces.insertCheck(check('k-review'));
    const judged = { reasons: [], distance: 0.52, frames: [], thumbnail: null, judgedAt: 8_000 };
    await faces.judge('k-pass', { ...judged, outcome: 'pass' });
    await faces.judge('k-review', { ...judged, outcome: 'review' });
    expect(await faces.decide('k-pass', 'fail', 'Teller One', 9_000)).toBe(false);
    expect(await faces.failedCount('c-1')).toBe(0);
    expect(await faces.decide('k-review', 'fail', 'Teller One', 9_000)).toBe(true);
    expect(await faces.decide('k-review', 'pass', 'Teller Two', 9_500)).toBe(false);
    expect((await faces.findCheck('k-review'))!.decision).toEqual({
      decision: 'fail',
      decidedBy: 'Teller One',
      decidedAt: 9_000,
    });
    expect(await faces.failedCount('c-1')).toBe(1);
  });

  it('writes nothing of a unit of work that fails, and sees its own writes inside it', async () => {
    const { kysely, faces } = await opened();
    const failed = inTransaction(kysely, async (trx) => {
      const inside = faces.in(trx);
      await inside.insertReference(reference('r-1'), PHOTO);
      await inside.insertCheck(check('k-1'));
      expect(await inside.findCheck('k-1')).toBeDefined();
      throw new Error('the event could not be written');
    });
    await expect(failed).rejects.toThrow('the event could not be written');
    expect(await faces.referencesOf('t-1')).toEqual([]);
    expect(await faces.findCheck('k-1')).toBeUndefined();
  });
});
