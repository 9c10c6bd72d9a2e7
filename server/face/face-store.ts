import type { FaceChallengeStep, FaceFrameScore, FaceOutcome } from '../../shared/contracts/face-events.js';
import type { Db } from '../platform/database/database.js';
import type { ReferenceSource } from './rules/reference-policy.js';

export interface FaceReference {
  id: string;
  ticketId: string;
  callId: string | null;
  /** 'customer', a staff user id, or for a photo on file who registered it. */
  uploadedBy: string;
  source: ReferenceSource;
  /** File name inside the data directory's faces folder. */
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

interface ReferenceRow {
  id: string;
  ticket_id: string;
  call_id: string | null;
  uploaded_by: string;
  source: ReferenceSource;
  file: string;
  mime: string;
  sha256: string;
  descriptor: Buffer;
  descriptor_model: string;
  stored_at: number;
}

/** A photo the institution keeps on file for an ID; a check copies it into the call's references. */
export interface OnFileReference {
  idType: string;
  idNumber: string;
  file: string;
  mime: string;
  sha256: string;
  descriptor: Float32Array;
  descriptorModel: string;
  uploadedBy: string;
  storedAt: number;
}

/** A stored descriptor another model made, with the photo to make it again from. */
export type OutdatedDescriptor = { file: string } & (
  | { kind: 'ticket'; id: string }
  | { kind: 'on_file'; idType: string; idNumber: string }
);

const descriptorOf = (blob: Buffer): Float32Array =>
  // Copied: the row's buffer may not be aligned for a Float32Array view.
  new Float32Array(new Uint8Array(blob).buffer);
const blobOf = (descriptor: Float32Array): Buffer =>
  Buffer.from(descriptor.buffer, descriptor.byteOffset, descriptor.byteLength);

interface CheckRow {
  id: string;
  call_id: string;
  reference_id: string;
  started_by: string;
  started_at: number;
  challenge: string;
  judged_at: number | null;
  outcome: FaceOutcome | null;
  reasons: string | null;
  distance: number | null;
  threshold: number;
  review_band: number;
  frames: string | null;
  thumbnail: Buffer | null;
  decision: 'pass' | 'fail' | null;
  decided_by: string | null;
  decided_at: number | null;
}

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

/** Reference photos (the image itself is a file; its descriptor is here) and the checks made against them. */
export class FaceStore {
  constructor(private readonly db: Db) {}

  insertReference(ref: FaceReference): void {
    this.db
      .prepare(
        `INSERT INTO face_references
           (id, ticket_id, call_id, uploaded_by, source, file, mime, sha256, descriptor, descriptor_model, stored_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ref.id,
        ref.ticketId,
        ref.callId,
        ref.uploadedBy,
        ref.source,
        ref.file,
        ref.mime,
        ref.sha256,
        blobOf(ref.descriptor),
        ref.descriptorModel,
        ref.storedAt,
      );
  }

  /** Every reference photo of the ticket, oldest first. */
  referencesOf(ticketId: string): FaceReference[] {
    const rows = this.db
      .prepare('SELECT * FROM face_references WHERE ticket_id = ? ORDER BY stored_at, rowid')
      .all(ticketId) as ReferenceRow[];
    return rows.map(toReference);
  }

  /** Registers (or replaces) the photo on file for an ID. */
  putOnFile(ref: OnFileReference): void {
    this.db
      .prepare(
        `INSERT INTO face_references_on_file
           (id_type, id_number, file, mime, sha256, descriptor, descriptor_model, uploaded_by, stored_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id_type, id_number) DO UPDATE SET file = excluded.file, mime = excluded.mime,
           sha256 = excluded.sha256, descriptor = excluded.descriptor,
           descriptor_model = excluded.descriptor_model,
           uploaded_by = excluded.uploaded_by, stored_at = excluded.stored_at`,
      )
      .run(
        ref.idType,
        ref.idNumber,
        ref.file,
        ref.mime,
        ref.sha256,
        blobOf(ref.descriptor),
        ref.descriptorModel,
        ref.uploadedBy,
        ref.storedAt,
      );
  }

  /** Stored descriptors that another model made: the photos to enrol again. */
  outdatedDescriptors(model: string): OutdatedDescriptor[] {
    const own = this.db
      .prepare('SELECT id, file FROM face_references WHERE descriptor_model <> ?')
      .all(model) as { id: string; file: string }[];
    const onFile = this.db
      .prepare(
        'SELECT id_type AS idType, id_number AS idNumber, file FROM face_references_on_file WHERE descriptor_model <> ?',
      )
      .all(model) as { idType: string; idNumber: string; file: string }[];
    return [
      ...own.map((r) => ({ ...r, kind: 'ticket' as const })),
      ...onFile.map((r) => ({ ...r, kind: 'on_file' as const })),
    ];
  }

  /** A descriptor made again from the same photo by `model`. */
  replaceDescriptor(row: OutdatedDescriptor, descriptor: Float32Array, model: string): void {
    if (row.kind === 'ticket') {
      this.db
        .prepare('UPDATE face_references SET descriptor = ?, descriptor_model = ? WHERE id = ?')
        .run(blobOf(descriptor), model, row.id);
    } else {
      this.db
        .prepare(
          `UPDATE face_references_on_file SET descriptor = ?, descriptor_model = ?
           WHERE id_type = ? AND id_number = ?`,
        )
        .run(blobOf(descriptor), model, row.idType, row.idNumber);
    }
  }

  onFileFor(idType: string, idNumber: string): OnFileReference | undefined {
    const row = this.db
      .prepare('SELECT * FROM face_references_on_file WHERE id_type = ? AND id_number = ?')
      .get(idType, idNumber) as
      | (Omit<ReferenceRow, 'id' | 'ticket_id' | 'call_id' | 'source'> & {
          id_type: string;
          id_number: string;
        })
      | undefined;
    return (
      row && {
        idType: row.id_type,
        idNumber: row.id_number,
        file: row.file,
        mime: row.mime,
        sha256: row.sha256,
        descriptor: descriptorOf(row.descriptor),
        descriptorModel: row.descriptor_model,
        uploadedBy: row.uploaded_by,
        storedAt: row.stored_at,
      }
    );
  }

  findReference(id: string): FaceReference | undefined {
    const row = this.db.prepare('SELECT * FROM face_references WHERE id = ?').get(id) as
      | ReferenceRow
      | undefined;
    return row && toReference(row);
  }

  insertCheck(check: Omit<FaceCheckRow, 'judgement' | 'decision'>): void {
    this.db
      .prepare(
        `INSERT INTO face_checks (id, call_id, reference_id, started_by, started_at, challenge, threshold, review_band)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        check.id,
        check.callId,
        check.referenceId,
        check.startedBy,
        check.startedAt,
        JSON.stringify(check.challenge),
        check.threshold,
        check.reviewBand,
      );
  }

  judge(checkId: string, j: FaceCheckJudgement): void {
    this.db
      .prepare(
        `UPDATE face_checks SET judged_at = ?, outcome = ?, reasons = ?, distance = ?, frames = ?, thumbnail = ?
         WHERE id = ? AND judged_at IS NULL`,
      )
      .run(
        j.judgedAt,
        j.outcome,
        JSON.stringify(j.reasons),
        j.distance,
        JSON.stringify(j.frames),
        j.thumbnail && Buffer.from(j.thumbnail),
        checkId,
      );
  }

  /** True when the check was waiting for a review decision and now has one. */
  decide(checkId: string, decision: 'pass' | 'fail', decidedBy: string, at: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE face_checks SET decision = ?, decided_by = ?, decided_at = ?
           WHERE id = ? AND outcome = 'review' AND decision IS NULL`,
        )
        .run(decision, decidedBy, at, checkId).changes > 0
    );
  }

  findCheck(id: string): FaceCheckRow | undefined {
    const row = this.db.prepare('SELECT * FROM face_checks WHERE id = ?').get(id) as CheckRow | undefined;
    return row && toCheck(row);
  }

  /** Failed checks on a call: judged fail, or a review the teller decided as fail. */
  failedCount(callId: string): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM face_checks
         WHERE call_id = ? AND (outcome = 'fail' OR (outcome = 'review' AND decision = 'fail'))`,
      )
      .get(callId) as { n: number };
    return row.n;
  }

  /** Every frame hash already judged on a call, so earlier frames cannot be sent again. */
  frameHashes(callId: string): Set<string> {
    const rows = this.db
      .prepare('SELECT frames FROM face_checks WHERE call_id = ? AND frames IS NOT NULL')
      .all(callId) as { frames: string }[];
    return new Set(rows.flatMap((r) => (JSON.parse(r.frames) as FaceFrameScore[]).map((f) => f.sha256)));
  }
}
