import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FaceReferenceView } from '../../shared/contracts/face-events.js';
import { AttemptLimit, type LimitStore } from '../platform/attempt-limit.js';
import { AppError } from '../platform/errors.js';
import type { FaceEngine } from './engine/face-engine.js';
import { DEFAULT_IMAGE_LIMITS } from './engine/image-limits.js';
import { checkImageBytes, type ImageType } from './engine/image-type.js';
import { DESCRIPTOR_MODEL } from './engine/descriptor-model.js';

const MIME: Record<ImageType, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
const FILE_EXTENSION: Record<ImageType, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };
import type { Db } from '../platform/database/database.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import type { TimelineStore } from '../call/index.js';
import type { FaceReference, FaceStore, OnFileReference } from './face-store.js';

/** Whether the ticket already holds this photo on file (a check brought it in). */
const broughtIn = (own: readonly FaceReference[], onFile: OnFileReference): boolean =>
  own.some((r) => r.source === 'on_file' && r.sha256 === onFile.sha256);
import { customerMayUpload, referenceForCheck, type ReferenceSource } from './rules/reference-policy.js';
import type { SingleFace } from './engine/face-engine.js';

/** A customer's ID, by which the institution's systems file reference photos. */
export interface CustomerId {
  idType: string;
  idNumber: string;
}

export interface FaceReferencesDeps {
  db: Db;
  /** The shared query layer: a reference's row and its timeline event share its transaction. */
  kysely: Kysely<Schema>;
  faces: FaceStore;
  events: TimelineStore;
  engine: () => FaceEngine;
  /** Where the photos go; never under the folder the browser apps are served from. */
  dir: string;
  clock: () => number;
  /** The ID a ticket was opened with, to find a photo on file for it. */
  customerIdOf: (ticketId: string) => CustomerId | undefined;
  /** Where the upload limit counts: shared by every node when there are several. */
  limitStore?: LimitStore;
}

/**
 * Reference photos: checked for exactly one face, kept as a file plus the
 * descriptor in SQLite. Only staff read them back; the customer side never does.
 */
export class FaceReferences {
  /** Each upload costs the face engine a detection: a ticket gets a few a minute. */
  readonly #uploads: AttemptLimit;

  constructor(private readonly deps: FaceReferencesDeps) {
    this.#uploads = new AttemptLimit(10, 60, 'reference-photos', deps.limitStore);
  }

  async store(input: {
    ticketId: string;
    callId: string | null;
    /** 'customer' or the uploading staff user's id. */
    uploadedBy: string;
    bytes: Uint8Array;
  }): Promise<FaceReferenceView> {
    const source: ReferenceSource = input.uploadedBy === 'customer' ? 'customer' : 'teller';
    if (source === 'customer') this.#refuseCustomerOver(input.ticketId);
    await this.#limit(input.ticketId);
    const { type, face, sha256 } = await this.#enrol(input.bytes);
    // Checked again after the slow part: a teller's photo may have arrived meanwhile.
    if (source === 'customer') this.#refuseCustomerOver(input.ticketId);
    const id = crypto.randomUUID();
    const file = this.#writeFile(id, type, input.bytes);
    await this.#insert(
      {
        id,
        ticketId: input.ticketId,
        callId: input.callId,
        uploadedBy: input.uploadedBy,
        source,
        file,
        mime: MIME[type],
        sha256,
        descriptor: face.descriptor,
        descriptorModel: DESCRIPTOR_MODEL.id,
        storedAt: this.deps.clock(),
      },
      face.score,
    );
    return { referenceId: id, storedAt: this.deps.clock() };
  }

  /** Registers the institution's photo on file for an ID (its systems, with an API key, or an admin). */
  async putOnFile(
    input: CustomerId & { uploadedBy: string; bytes: Uint8Array },
  ): Promise<{ sha256: string; storedAt: number }> {
    const { type, face, sha256 } = await this.#enrol(input.bytes);
    const file = this.#writeFile(`on-file-${crypto.randomUUID()}`, type, input.bytes);
    const storedAt = this.deps.clock();
    this.deps.faces.putOnFile({
      idType: input.idType,
      idNumber: input.idNumber,
      file,
      mime: MIME[type],
      sha256,
      descriptor: face.descriptor,
      descriptorModel: DESCRIPTOR_MODEL.id,
      uploadedBy: input.uploadedBy,
      storedAt,
    });
    return { sha256, storedAt };
  }

  /**
   * The photo a new check on this ticket would use, for staff to see; changes nothing.
   * `id` is null for a photo on file that no check has brought into the ticket yet.
   */
  current(ticketId: string): (Pick<FaceReference, 'file' | 'mime'> & { id: string | null }) | undefined {
    const { own, onFile } = this.#candidates(ticketId);
    const fromFile =
      onFile && !broughtIn(own, onFile) ? [{ ...onFile, id: null, source: 'on_file' as const }] : [];
    return referenceForCheck([...own, ...fromFile]);
  }

  /**
   * The reference a check on this ticket uses (rules/reference-policy.ts). A photo on
   * file for the customer's ID is first brought into the ticket's references, so the
   * check can name it and keeps it even if the file changes later.
   */
  async forCheck(ticketId: string, callId: string | null): Promise<FaceReference | undefined> {
    const { own, onFile } = this.#candidates(ticketId);
    if (onFile && !broughtIn(own, onFile)) {
      const copy: FaceReference = {
        id: crypto.randomUUID(),
        ticketId,
        callId,
        uploadedBy: onFile.uploadedBy,
        source: 'on_file',
        file: onFile.file,
        mime: onFile.mime,
        sha256: onFile.sha256,
        descriptor: onFile.descriptor,
        descriptorModel: onFile.descriptorModel,
        storedAt: this.deps.clock(),
      };
      await this.#insert(copy, null);
      own.push(copy);
    }
    const reference = referenceForCheck(own);
    // Refused rather than skipped: skipping a staff photo could hand the check to an older customer one.
    if (reference && reference.descriptorModel !== DESCRIPTOR_MODEL.id) {
      throw new AppError(
        'face_reference_outdated',
        'the reference photo was read by an older face model and could not be read again; upload it again',
      );
    }
    return reference;
  }

  /**
   * Makes every stored descriptor that another model made again from its photo,
   * so that references kept before a model change still serve. A photo the
   * current model finds no single face in stays outdated, and a check refuses it.
   */
  async enrolOutdatedAgain(): Promise<{ enrolled: number; refused: number }> {
    const outdated = this.deps.faces.outdatedDescriptors(DESCRIPTOR_MODEL.id);
    let enrolled = 0;
    for (const row of outdated) {
      try {
        const face = await this.deps.engine().singleFace(new Uint8Array(this.read(row)), 'ssd');
        this.deps.faces.replaceDescriptor(row, face.descriptor, DESCRIPTOR_MODEL.id);
        enrolled += 1;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
    }
    return { enrolled, refused: outdated.length - enrolled };
  }

  /** The ticket's own references, and the institution's photo on file for its customer's ID. */
  #candidates(ticketId: string): { own: FaceReference[]; onFile: OnFileReference | undefined } {
    const customer = this.deps.customerIdOf(ticketId);
    return {
      own: this.deps.faces.referencesOf(ticketId),
      onFile: customer && this.deps.faces.onFileFor(customer.idType, customer.idNumber),
    };
  }

  #refuseCustomerOver(ticketId: string): void {
    const { own, onFile } = this.#candidates(ticketId);
    const existing = [...own, ...(onFile ? [{ source: 'on_file' as const, storedAt: onFile.storedAt }] : [])];
    if (!customerMayUpload(existing)) {
      throw new AppError(
        'face_reference_locked',
        'staff have provided the reference photo; it cannot be replaced',
      );
    }
  }

  async #limit(ticketId: string): Promise<void> {
    if ((await this.#uploads.take(ticketId)) > 0) {
      throw new AppError('rate_limited', 'too many reference photos; wait a minute');
    }
  }

  async #enrol(bytes: Uint8Array): Promise<{ type: ImageType; face: SingleFace; sha256: string }> {
    const type = checkImageBytes(bytes, DEFAULT_IMAGE_LIMITS);
    // Throws face_none / face_multiple / image_unreadable before anything is written.
    const face = await this.deps.engine().singleFace(bytes, 'ssd');
    return { type, face, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  }

  #writeFile(name: string, type: ImageType, bytes: Uint8Array): string {
    const file = `${name}.${FILE_EXTENSION[type]}`;
    fs.mkdirSync(this.deps.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(this.deps.dir, file), bytes, { mode: 0o600 });
    return file;
  }

  async #insert(reference: FaceReference, score: number | null): Promise<void> {
    const { faces, events } = this.deps;
    await inTransaction(this.deps.kysely, async (trx) => {
      faces.insertReference(reference);
      await events.in(trx).append({
        callId: reference.callId,
        ticketId: reference.ticketId,
        at: reference.storedAt,
        actor: reference.uploadedBy,
        type: 'face.reference.stored',
        data: {
          referenceId: reference.id,
          sha256: reference.sha256,
          source: reference.source,
          ...(score === null ? {} : { score }),
        },
      });
    });
  }

  /** The photo's bytes, for staff. */
  read(reference: Pick<FaceReference, 'file'>): Buffer {
    return fs.readFileSync(path.join(this.deps.dir, reference.file));
  }
}
