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
/** A reference's `file` when its photo is in its row (FaceReference.file). */
const IN_THE_ROW = '';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import type { TimelineStore } from '../call/index.js';
import type { FaceReference, FaceStore, OnFileReference, StoredPhoto } from './face-store.js';

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
  db: Kysely<Schema>;
  faces: FaceStore;
  events: TimelineStore;
  engine: () => FaceEngine;
  /**
   * Where the photos stored before they moved into the database are kept; never under the
   * folder the browser apps are served from.
   */
  dir: string;
  clock: () => number;
  /** The ID a ticket was opened with, to find a photo on file for it. */
  customerIdOf: (ticketId: string) => CustomerId | undefined | Promise<CustomerId | undefined>;
  /** Where the upload limit counts: shared by every node when there are several. */
  limitStore?: LimitStore;
}

/**
 * Reference photos: checked for exactly one face, kept with their descriptor in the
 * database, so every node sharing it can read them. Only staff read them back; the
 * customer side never does.
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
    if (source === 'customer') await this.#refuseCustomerOver(input.ticketId);
    await this.#limit(input.ticketId);
    const { type, face, sha256 } = await this.#enrol(input.bytes);
    // Checked again after the slow part: a teller's photo may have arrived meanwhile.
    if (source === 'customer') await this.#refuseCustomerOver(input.ticketId);
    const id = crypto.randomUUID();
    await this.#insert(
      {
        id,
        ticketId: input.ticketId,
        callId: input.callId,
        uploadedBy: input.uploadedBy,
        source,
        file: IN_THE_ROW,
        mime: MIME[type],
        sha256,
        descriptor: face.descriptor,
        descriptorModel: DESCRIPTOR_MODEL.id,
        storedAt: this.deps.clock(),
      },
      face.score,
      input.bytes,
    );
    return { referenceId: id, storedAt: this.deps.clock() };
  }

  /** Registers the institution's photo on file for an ID (its systems, with an API key, or an admin). */
  async putOnFile(
    input: CustomerId & { uploadedBy: string; bytes: Uint8Array },
  ): Promise<{ sha256: string; storedAt: number }> {
    const { type, face, sha256 } = await this.#enrol(input.bytes);
    const storedAt = this.deps.clock();
    await this.deps.faces.putOnFile(
      {
        idType: input.idType,
        idNumber: input.idNumber,
        file: IN_THE_ROW,
        mime: MIME[type],
        sha256,
        descriptor: face.descriptor,
        descriptorModel: DESCRIPTOR_MODEL.id,
        uploadedBy: input.uploadedBy,
        storedAt,
      },
      input.bytes,
    );
    return { sha256, storedAt };
  }

  /**
   * The photo a new check on this ticket would use, for staff to see; changes nothing.
   * `id` is null for a photo on file that no check has brought into the ticket yet.
   */
  async current(ticketId: string): Promise<(StoredPhoto & { id: string | null; mime: string }) | undefined> {
    const { own, onFile } = await this.#candidates(ticketId);
    const fromFile =
      onFile && !broughtIn(own, onFile)
        ? [{ ...onFile, id: null, source: 'on_file' as const, kind: 'on_file' as const }]
        : [];
    return referenceForCheck([...own.map((r) => ({ ...r, kind: 'ticket' as const })), ...fromFile]);
  }

  /**
   * The reference a check on this ticket uses (rules/reference-policy.ts). A photo on
   * file for the customer's ID is first brought into the ticket's references, so the
   * check can name it and keeps it even if the file changes later.
   */
  async forCheck(ticketId: string, callId: string | null): Promise<FaceReference | undefined> {
    const { own, onFile } = await this.#candidates(ticketId);
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
      // The copy keeps the photo's bytes: the photo on file may be replaced later.
      const photo = await this.deps.faces.photoOf({ kind: 'on_file', ...onFile });
      await this.#insert(copy, null, photo);
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
    const outdated = await this.deps.faces.outdatedDescriptors(DESCRIPTOR_MODEL.id);
    let enrolled = 0;
    for (const row of outdated) {
      try {
        const face = await this.deps.engine().singleFace(new Uint8Array(await this.read(row)), 'ssd');
        await this.deps.faces.replaceDescriptor(row, face.descriptor, DESCRIPTOR_MODEL.id);
        enrolled += 1;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
    }
    return { enrolled, refused: outdated.length - enrolled };
  }

  /** The ticket's own references, and the institution's photo on file for its customer's ID. */
  async #candidates(
    ticketId: string,
  ): Promise<{ own: FaceReference[]; onFile: OnFileReference | undefined }> {
    const customer = await this.deps.customerIdOf(ticketId);
    return {
      own: await this.deps.faces.referencesOf(ticketId),
      onFile: customer && (await this.deps.faces.onFileFor(customer.idType, customer.idNumber)),
    };
  }

  async #refuseCustomerOver(ticketId: string): Promise<void> {
    const { own, onFile } = await this.#candidates(ticketId);
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

  /** The reference (with its photo) and its timeline event, together or not at all. */
  #insert(reference: FaceReference, score: number | null, photo: Uint8Array | null): Promise<void> {
    const { db, faces, events } = this.deps;
    return inTransaction(db, async (trx) => {
      await faces.in(trx).insertReference(reference, photo);
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

  /** The photo's bytes, for staff and for enrolling it again: from its row, or the file of one stored before. */
  async read(photo: StoredPhoto): Promise<Buffer> {
    return (
      (await this.deps.faces.photoOf(photo)) ??
      (await fs.promises.readFile(path.join(this.deps.dir, photo.file)))
    );
  }
}
