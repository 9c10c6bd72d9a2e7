import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FaceReferenceView } from '../../shared/contracts/face-events.js';
import { AttemptLimit } from '../platform/attempt-limit.js';
import { AppError } from '../platform/errors.js';
import type { FaceEngine } from './engine/face-engine.js';
import { DEFAULT_IMAGE_LIMITS } from './engine/image-limits.js';
import { checkImageBytes } from './engine/image-type.js';
import type { Db } from '../platform/database/database.js';
import type { TimelineStore } from '../call/index.js';
import type { FaceReference, FaceStore } from './face-store.js';

export interface FaceReferencesDeps {
  db: Db;
  faces: FaceStore;
  events: TimelineStore;
  engine: () => FaceEngine;
  /** Where the photos go; never under the folder the browser apps are served from. */
  dir: string;
  clock: () => number;
}

/**
 * Reference photos: checked for exactly one face, kept as a file plus the
 * descriptor in SQLite. Only staff read them back; the customer side never does.
 */
export class FaceReferences {
  /** Each upload costs the face engine a detection: a ticket gets a few a minute. */
  readonly #uploads = new AttemptLimit(10, 60, 'reference-photos');

  constructor(private readonly deps: FaceReferencesDeps) {}

  async store(input: {
    ticketId: string;
    callId: string | null;
    /** 'customer' or the uploading staff user's id. */
    uploadedBy: string;
    bytes: Uint8Array;
  }): Promise<FaceReferenceView> {
    if ((await this.#uploads.take(input.ticketId)) > 0) {
      throw new AppError('rate_limited', 'too many reference photos; wait a minute');
    }
    const type = checkImageBytes(input.bytes, DEFAULT_IMAGE_LIMITS);
    // Throws face_none / face_multiple / image_unreadable before anything is written.
    const face = await this.deps.engine().singleFace(input.bytes, 'ssd');
    const id = crypto.randomUUID();
    const file = `${id}.${type === 'png' ? 'png' : 'jpg'}`;
    const storedAt = this.deps.clock();
    const sha256 = crypto.createHash('sha256').update(input.bytes).digest('hex');
    fs.mkdirSync(this.deps.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(this.deps.dir, file), input.bytes, { mode: 0o600 });
    const reference: FaceReference = {
      id,
      ticketId: input.ticketId,
      callId: input.callId,
      uploadedBy: input.uploadedBy,
      file,
      mime: type === 'png' ? 'image/png' : 'image/jpeg',
      sha256,
      descriptor: face.descriptor,
      storedAt,
    };
    const { db, faces, events } = this.deps;
    db.transaction(() => {
      faces.insertReference(reference);
      events.append({
        callId: input.callId,
        ticketId: input.ticketId,
        at: storedAt,
        actor: input.uploadedBy,
        type: 'face.reference.stored',
        data: { referenceId: id, sha256, score: face.score },
      });
    })();
    return { referenceId: id, storedAt };
  }

  latest(ticketId: string): FaceReference | undefined {
    return this.deps.faces.latestReference(ticketId);
  }

  /** The photo's bytes, for staff. */
  read(reference: FaceReference): Buffer {
    return fs.readFileSync(path.join(this.deps.dir, reference.file));
  }
}
