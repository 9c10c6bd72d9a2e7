import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkDocument } from '../../shared/catalog/document-check.js';
import type { DocumentReference } from '../../shared/catalog/field-schema.js';
import { findService } from '../../shared/catalog/services.js';
import type { FlowActor } from './rules/flow-types.js';
import { AppError } from '../platform/errors.js';
import type { TimelineStore } from '../call/index.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import type { ServiceFlowState } from './rules/flow-types.js';
import type { ServiceStore } from './service-store.js';
import { checkDeclaredDimensions, PHOTO_LIMITS } from '../platform/images/image-dimensions.js';

/** The limits of the service's document field: the type is judged from the bytes, never the name. */
function documentLimits(serviceId: string) {
  const field = findService(serviceId)
    ?.steps.flatMap((s) => s.fields)
    .find((f) => f.type === 'document');
  if (field?.type !== 'document') throw new AppError('invalid_state', 'this service takes no document');
  return field;
}

/**
 * Documents one call may hold: a service takes one or two; a page that loops
 * must not fill the disk. Each stays on disk as long as the call's record.
 */
export const MAX_DOCUMENTS_PER_CALL = 20;

function refuseOverCap(): AppError {
  return new AppError('invalid_state', `a call holds at most ${MAX_DOCUMENTS_PER_CALL} documents`, [
    { path: 'document', code: 'too_many_documents', message: 'too many documents on this call' },
  ]);
}

/**
 * Checks and keeps one upload; answers the reference the document field
 * expects. The file is written without blocking the event loop; the count is
 * checked again with the row's insert, so uploads at once cannot pass the cap.
 */
export async function storeDocument(
  deps: {
    db: Kysely<Schema>;
    service: ServiceStore;
    events: TimelineStore;
    documentsDir: string;
    clock: () => number;
  },
  upload: {
    callId: string;
    /** The call's service as it stands: its flow's row is held while the count is checked. */
    flow: ServiceFlowState;
    actor: FlowActor;
    bytes: Buffer;
    fileName: string | undefined;
  },
): Promise<DocumentReference> {
  const { callId, bytes, actor } = upload;
  if ((await deps.service.documentCount(callId)) >= MAX_DOCUMENTS_PER_CALL) throw refuseOverCap();
  const check = checkDocument(bytes, documentLimits(upload.flow.serviceId));
  if (!check.ok) {
    throw new AppError('document_rejected', 'the document is not accepted', [
      { path: 'document', code: check.code, message: check.code.replace(/_/g, ' ') },
    ]);
  }
  // Pages showing the document decode it: a picture of a document is held to a photo's size.
  if (check.mediaType !== 'application/pdf') checkDeclaredDimensions(bytes, PHOTO_LIMITS);
  const reference: DocumentReference = {
    documentId: randomUUID(),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    mediaType: check.mediaType,
    byteLength: bytes.length,
    ...(upload.fileName ? { fileName: upload.fileName.slice(0, 200) } : {}),
  };
  const dir = path.join(deps.documentsDir, callId);
  const file = path.join(dir, reference.documentId);
  await fs.promises.mkdir(dir, { recursive: true });
  await fs.promises.writeFile(file, bytes);
  const at = deps.clock();
  const by = actor.role === 'customer' ? 'customer' : actor.id;
  const stored = await inTransaction(deps.db, async (trx) => {
    const service = deps.service.in(trx);
    // Uploads at once to one call count one after the other, on any node.
    await service.lockedFlow(upload.flow, at);
    if ((await service.documentCount(callId)) >= MAX_DOCUMENTS_PER_CALL) return false;
    await service.addDocument(callId, reference, by, at);
    // The timeline event joins this transaction, through `trx` only.
    await deps.events.in(trx).append({
      callId,
      ticketId: null,
      at,
      actor: by,
      type: 'service.document_uploaded',
      data: { documentId: reference.documentId, sha256: reference.sha256, mediaType: reference.mediaType },
    });
    return true;
  });
  if (!stored) {
    await fs.promises.rm(file, { force: true });
    throw refuseOverCap();
  }
  return reference;
}
