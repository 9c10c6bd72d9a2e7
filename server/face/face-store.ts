import type { Kysely, Selectable } from 'kysely';
import type { FaceChallengeStep, FaceFrameScore, FaceOutcome } from '../../shared/contracts/face-events.js';
import type {
  FaceChecksTable,
  FaceReferencesOnFileTable,
  FaceReferencesTable,
  Schema,
} from '../platform/database/schema.js';
import type { ReferenceSource } from './rules/reference-policy.js';

export interface FaceReference {
  id: string;
  ticketId: string;
  callId: string | null;
  /** 'customer', a staff user id, or for a photo on file who registered it. */
  uploadedBy: string;
  source: ReferenceSource;
  /**
   * For a photo stored before photos moved into the database: its file name inside the data
   * directory's faces folder. '' when the photo is in the row (FaceStore.photoOf).
   */
  file: string;
  mime: string;
  sha256: string;
  descriptor: Float32Array;
  /** The model that made `descriptor` (engine/descriptor-model.ts). */
  descriptorModel: string;
  storedAt: number;
}

export interface FaceCheckJudgement {
  outcome: FaceOutcome;
  reasons: string[];
  distance: number | null;
  frames: FaceFrameScore[];
  thumbnail: Uint8Array | null;
  judgedAt: number;
}

export interface FaceCheckRow {
  id: string;
  callId: string;
  referenceId: string;
  startedBy: string;
  startedAt: number;
  challenge: FaceChallengeStep[];
  threshold: number;
  reviewBand: number;
  judgement: FaceCheckJudgement | null;
  decision: { decision: 'pass' | 'fail'; decidedBy: string; decidedAt: number } | null;
}

/** A photo the institution keeps on file for an ID; a check copies it into the call's references. */
export interface OnFileReference {
  idType: string;
  idNumber: string;
  /** As FaceReference.file. */
  file: string;
  mime: string;
  sha256: string;
  descriptor: Float32Array;
  descriptorModel: string;
  uploadedBy: string;
  storedAt: number;
}

/** A stored reference photo: a ticket's, or the one on file for an ID; `file` as FaceReference.file. */
export type StoredPhoto = { file: string } & (
  | { kind: 'ticket'; id: string }
  | { kind: 'on_file'; idType: string; idNumber: string }
);

/** A stored descriptor another model made, with the photo to make it again from. */
export type OutdatedDescriptor = StoredPhoto;

// Every column but the photo, which only photoOf reads: a list of references need not carry their images.
const REFERENCE_COLUMNS = [
  'id',
  'ticket_id',
  'call_id',
  'uploaded_by',
  'source',
  'file',
  'mime',
  'sha256',
  'descriptor',
  'descriptor_model',
  'stored_at',
] as const;
const ON_FILE_COLUMNS = [
  'id_type',
  'id_number',
  'file',
  'mime',
  'sha256',
  'descriptor',
  'descriptor_model',
  'uploaded_by',
  'stored_at',
] as const;
type ReferenceRow = Omit<Selectable<FaceReferencesTable>, 'photo'>;
type OnFileRow = Omit<Selectable<FaceReferencesOnFileTable>, 'photo'>;
type CheckRow = Selectable<FaceChecksTable>;

const descriptorOf = (blob: Buffer): Float32Array =>
  // Copied: the row's buffer may not be aligned for a Float32Array view.
  new Float32Array(new Uint8Array(blob).buffer);
const blobOf = (descriptor: Float32Array): Buffer =>
  Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);

const toReference = (r: ReferenceRow): FaceReference => ({
  id: r.id,
  ticketId: r.ticket_id,
  callId: r.call_id,
  uploadedBy: r.uploaded_by,
  source: r.source,
  file: r.file,
  mime: r.mime,
  sha256: r.sha256,
  descriptor: descriptorOf(r.descriptor),
  descriptorModel: r.descriptor_model,
  storedAt: r.stored_at,
});

const toOnFile = (r: OnFileRow): OnFileReference => ({
  idType: r.id_type,
  idNumber: r.id_number,
  file: r.file,
  mime: r.mime,
  sha256: r.sha256,
  descriptor: descriptorOf(r.descriptor),
  descriptorModel: r.descriptor_model,
  uploadedBy: r.uploaded_by,
  storedAt: r.stored_at,
});

const toCheck = (r: CheckRow): FaceCheckRow => ({
  id: r.id,
  callId: r.call_id,
  referenceId: r.reference_id,
  startedBy: r.started_by,
  startedAt: r.started_at,
  challenge: JSON.parse(r.challenge) as FaceChallengeStep[],
  threshold: r.threshold,
  reviewBand: r.review_band,
  judgement:
    r.outcome && r.judged_at !== null
      ? {
          outcome: r.outcome,
          reasons: JSON.parse(r.reasons ?? '[]') as string[],
          distance: r.distance,
          frames: JSON.parse(r.frames ?? '[]') as FaceFrameScore[],
          thumbnail: r.thumbnail && new Uint8Array(r.thumbnail),
          judgedAt: r.judged_at,
        }
      : null,
  decision:
    r.decision && r.decided_by && r.decided_at !== null
      ? { decision: r.decision, decidedBy: r.decided_by, decidedAt: r.decided_at }
      : null,
});

/**
 * Reference photos (the image and its descriptor) and the checks made against them, on the
 * shared query layer (README, "Database"): every node sharing the database reads the same photos.
 */
export class FaceStore {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The same store inside the caller's transaction. */
  in(trx: Kysely<Schema>): FaceStore {
    return new FaceStore(trx);
  }

  /** `photo` null: the photo is the file `ref.file` names (a copy of a photo on file stored before). */
  async insertReference(ref: FaceReference, photo: Uint8Array | null): Promise<void> {
    await this.db
      .insertInto('face_references')
      .values({
        id: ref.id,
        ticket_id: ref.ticketId,
        call_id: ref.callId,
        uploaded_by: ref.uploadedBy,
        source: ref.source,
        file: ref.file,
        mime: ref.mime,
        sha256: ref.sha256,
        descriptor: blobOf(ref.descriptor),
        descriptor_model: ref.descriptorModel,
        stored_at: ref.storedAt,
        photo: photo && Buffer.from(photo),
      })
      .execute();
  }

  /** Every reference photo of the ticket, oldest first (the id orders photos stored in the same millisecond). */
  async referencesOf(ticketId: string): Promise<FaceReference[]> {
    const rows = await this.db
      .selectFrom('face_references')
      .select(REFERENCE_COLUMNS)
      .where('ticket_id', '=', ticketId)
      .orderBy('stored_at')
      .orderBy('id')
      .execute();
    return rows.map(toReference);
  }

  /** Registers (or replaces) the photo on file for an ID. */
  async putOnFile(ref: OnFileReference, photo: Uint8Array): Promise<void> {
    const replaced = {
      photo: Buffer.from(photo),
      file: ref.file,
      mime: ref.mime,
      sha256: ref.sha256,
      descriptor: blobOf(ref.descriptor),
      descriptor_model: ref.descriptorModel,
      uploaded_by: ref.uploadedBy,
      stored_at: ref.storedAt,
    };
    await this.db
      .insertInto('face_references_on_file')
      .values({ id_type: ref.idType, id_number: ref.idNumber, ...replaced })
      .onConflict((conflict) => conflict.columns(['id_type', 'id_number']).doUpdateSet(replaced))
      .execute();
  }

  /** Stored descriptors that another model made: the photos to enrol again. */
  async outdatedDescriptors(model: string): Promise<OutdatedDescriptor[]> {
    const own = await this.db
      .selectFrom('face_references')
      .select(['id', 'file'])
      .where('descriptor_model', '<>', model)
      .execute();
    const onFile = await this.db
      .selectFrom('face_references_on_file')
      .select(['id_type as idType', 'id_number as idNumber', 'file'])
      .where('descriptor_model', '<>', model)
      .execute();
    return [
      ...own.map((r) => ({ ...r, kind: 'ticket' as const })),
      ...onFile.map((r) => ({ ...r, kind: 'on_file' as const })),
    ];
  }

  /** A descriptor made again from the same photo by `model`. */
  async replaceDescriptor(row: OutdatedDescriptor, descriptor: Float32Array, model: string): Promise<void> {
    const values = { descriptor: blobOf(descriptor), descriptor_model: model };
    if (row.kind === 'ticket') {
      await this.db.updateTable('face_references').set(values).where('id', '=', row.id).execute();
    } else {
      await this.db
        .updateTable('face_references_on_file')
        .set(values)
        .where('id_type', '=', row.idType)
        .where('id_number', '=', row.idNumber)
        .execute();
    }
  }

  /** The photo's bytes when its row holds them; null for one stored before as a file, or none. */
  async photoOf(stored: StoredPhoto): Promise<Buffer | null> {
    const row =
      stored.kind === 'ticket'
        ? await this.db
            .selectFrom('face_references')
            .select('photo')
            .where('id', '=', stored.id)
            .executeTakeFirst()
        : await this.db
            .selectFrom('face_references_on_file')
            .select('photo')
            .where('id_type', '=', stored.idType)
            .where('id_number', '=', stored.idNumber)
            .executeTakeFirst();
    return row?.photo ?? null;
  }

  async onFileFor(idType: string, idNumber: string): Promise<OnFileReference | undefined> {
    const row = await this.db
      .selectFrom('face_references_on_file')
      .select(ON_FILE_COLUMNS)
      .where('id_type', '=', idType)
      .where('id_number', '=', idNumber)
      .executeTakeFirst();
    return row && toOnFile(row);
  }

  async findReference(id: string): Promise<FaceReference | undefined> {
    const row = await this.db
      .selectFrom('face_references')
      .select(REFERENCE_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toReference(row);
  }

  async insertCheck(check: Omit<FaceCheckRow, 'judgement' | 'decision'>): Promise<void> {
    await this.db
      .insertInto('face_checks')
      .values({
        id: check.id,
        call_id: check.callId,
        reference_id: check.referenceId,
        started_by: check.startedBy,
        started_at: check.startedAt,
        challenge: JSON.stringify(check.challenge),
        threshold: check.threshold,
        review_band: check.reviewBand,
      })
      .execute();
  }

  async judge(checkId: string, j: FaceCheckJudgement): Promise<void> {
    await this.db
      .updateTable('face_checks')
      .set({
        judged_at: j.judgedAt,
        outcome: j.outcome,
        reasons: JSON.stringify(j.reasons),
        distance: j.distance,
        frames: JSON.stringify(j.frames),
        thumbnail: j.thumbnail && Buffer.from(j.thumbnail),
      })
      .where('id', '=', checkId)
      .where('judged_at', 'is', null)
      .execute();
  }

  /** True when the check was waiting for a review decision and now has one. */
  async decide(checkId: string, decision: 'pass' | 'fail', decidedBy: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('face_checks')
      .set({ decision, decided_by: decidedBy, decided_at: at })
      .where('id', '=', checkId)
      .where('outcome', '=', 'review')
      .where('decision', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async findCheck(id: string): Promise<FaceCheckRow | undefined> {
    const row = await this.db.selectFrom('face_checks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCheck(row);
  }

  /** Failed checks on a call: judged fail, or a review the teller decided as fail. */
  async failedCount(callId: string): Promise<number> {
    const row = await this.db
      .selectFrom('face_checks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('call_id', '=', callId)
      .where((eb) =>
        eb.or([
          eb('outcome', '=', 'fail'),
          eb.and([eb('outcome', '=', 'review'), eb('decision', '=', 'fail')]),
        ]),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Every frame hash already judged on a call, so earlier frames cannot be sent again. */
  async frameHashes(callId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('face_checks')
      .select('frames')
      .where('call_id', '=', callId)
      .where('frames', 'is not', null)
      .execute();
    return new Set(
      rows.flatMap((r) => (JSON.parse(r.frames ?? '[]') as FaceFrameScore[]).map((f) => f.sha256)),
    );
  }
}
