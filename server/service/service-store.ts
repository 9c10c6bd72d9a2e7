import { PostgresAdapter, type Kysely } from 'kysely';
import type { DocumentReference } from '../../shared/catalog/field-schema.js';
import type { SignatureStroke } from '../../shared/domain/signature-strokes.js';
import type { ServiceFlowState } from './rules/flow-types.js';
import type { Schema } from '../platform/database/schema.js';
import { storedNamesOf, type CallEventType } from '../../shared/contracts/call-events.js';
import { parseStoredEvent, type StoredEvent } from '../call/index.js';

export interface StoredFlow {
  state: ServiceFlowState;
  signatureRequestedAt: number | null;
}

export interface StoredSignature {
  summaryHash: string;
  imageSha256: string;
  png: Buffer;
  strokes: SignatureStroke[];
  capturedAt: number;
}

export type { StoredEvent };

/** A call's guided service: its flow state, uploads, signature, record and rating. */
export class ServiceStore {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The same store inside a caller's transaction. */
  in(trx: Kysely<Schema>): ServiceStore {
    return new ServiceStore(trx);
  }

  async flow(callId: string): Promise<StoredFlow | undefined> {
    const row = await this.db
      .selectFrom('service_flows')
      .select(['state', 'signature_requested_at'])
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return (
      row && {
        state: JSON.parse(row.state) as ServiceFlowState,
        signatureRequestedAt: row.signature_requested_at,
      }
    );
  }

  /**
   * The call's flow, held against every other change to the call's service
   * until the caller's transaction ends: a message read, applied and written
   * by one node is never overwritten by another's applied to the same state.
   * A call without a stored flow gets `initial` stored first, so there is a
   * row to hold. On SQLite the open transaction holds the one connection,
   * which is enough; on PostgreSQL the row is locked (FOR UPDATE).
   */
  async lockedFlow(initial: ServiceFlowState, at: number): Promise<StoredFlow> {
    if (!this.db.isTransaction) throw new Error('lockedFlow() holds the flow until a transaction ends');
    await this.db
      .insertInto('service_flows')
      .values({
        call_id: initial.callId,
        service_id: initial.serviceId,
        state: JSON.stringify(initial),
        updated_at: at,
      })
      .onConflict((conflict) => conflict.column('call_id').doNothing())
      .execute();
    const postgres = this.db.getExecutor().adapter instanceof PostgresAdapter;
    const query = this.db
      .selectFrom('service_flows')
      .select(['state', 'signature_requested_at'])
      .where('call_id', '=', initial.callId);
    const row = await (postgres ? query.forUpdate() : query).executeTakeFirstOrThrow();
    return {
      state: JSON.parse(row.state) as ServiceFlowState,
      signatureRequestedAt: row.signature_requested_at,
    };
  }

  async saveFlow(state: ServiceFlowState, at: number): Promise<void> {
    const changed = { state: JSON.stringify(state), updated_at: at };
    await this.db
      .insertInto('service_flows')
      .values({ call_id: state.callId, service_id: state.serviceId, ...changed })
      .onConflict((conflict) => conflict.column('call_id').doUpdateSet(changed))
      .execute();
  }

  async markSignatureRequested(callId: string, at: number): Promise<void> {
    await this.db
      .updateTable('service_flows')
      .set({ signature_requested_at: at })
      .where('call_id', '=', callId)
      .where('signature_requested_at', 'is', null)
      .execute();
  }

  async addDocument(callId: string, doc: DocumentReference, by: string, at: number): Promise<void> {
    await this.db
      .insertInto('call_documents')
      .values({
        id: doc.documentId,
        call_id: callId,
        sha256: doc.sha256,
        media_type: doc.mediaType,
        byte_length: doc.byteLength,
        file_name: doc.fileName ?? null,
        uploaded_by: by,
        uploaded_at: at,
      })
      .execute();
  }

  /** How many documents the call holds. */
  async documentCount(callId: string): Promise<number> {
    const row = await this.db
      .selectFrom('call_documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('call_id', '=', callId)
      .executeTakeFirstOrThrow();
    // PostgreSQL's count(*) is a bigint, which its driver may hand over as a string.
    return Number(row.n);
  }

  /** Whether this exact upload belongs to the call (a reference cannot be made up). */
  async hasDocument(callId: string, doc: DocumentReference): Promise<boolean> {
    const row = await this.db
      .selectFrom('call_documents')
      .select('id')
      .where('id', '=', doc.documentId)
      .where('call_id', '=', callId)
      .where('sha256', '=', doc.sha256)
      .where('media_type', '=', doc.mediaType)
      .where('byte_length', '=', doc.byteLength)
      .executeTakeFirst();
    return row !== undefined;
  }

  async saveSignature(callId: string, s: StoredSignature): Promise<void> {
    await this.db
      .insertInto('call_signatures')
      .values({
        call_id: callId,
        summary_hash: s.summaryHash,
        image_sha256: s.imageSha256,
        png: s.png,
        strokes: JSON.stringify(s.strokes),
        captured_at: s.capturedAt,
      })
      .execute();
  }

  async signature(callId: string): Promise<StoredSignature | undefined> {
    const row = await this.db
      .selectFrom('call_signatures')
      .selectAll()
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return (
      row && {
        summaryHash: row.summary_hash,
        imageSha256: row.image_sha256,
        // bytea comes back as a Buffer, a BLOB too; copied so the caller holds plain bytes either way.
        png: Buffer.from(row.png),
        strokes: JSON.parse(row.strokes) as SignatureStroke[],
        capturedAt: row.captured_at,
      }
    );
  }

  /** Notes the call's signed record; a record signed again (a retried ending) replaces the note. */
  async saveRecord(
    callId: string,
    r: { outcome: string; file: string; sha256: string; at: number },
  ): Promise<void> {
    const replaced = { outcome: r.outcome, file: r.file, sha256: r.sha256, created_at: r.at };
    await this.db
      .insertInto('service_records')
      .values({ call_id: callId, ...replaced })
      .onConflict((conflict) => conflict.column('call_id').doUpdateSet(replaced))
      .execute();
  }

  async record(callId: string): Promise<{ file: string; sha256: string } | undefined> {
    return this.db
      .selectFrom('service_records')
      .select(['file', 'sha256'])
      .where('call_id', '=', callId)
      .executeTakeFirst();
  }

  /** Stores the first rating of a call; false when it was rated already. */
  async rate(callId: string, score: number, comment: string, at: number): Promise<boolean> {
    const result = await this.db
      .insertInto('call_ratings')
      .values({ call_id: callId, score, comment, rated_at: at })
      .onConflict((conflict) => conflict.column('call_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async rated(callId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('call_ratings')
      .select('call_id')
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The call's timeline, oldest first. */
  async events(callId: string): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('call_events')
      .select(['at', 'actor', 'type', 'data'])
      .where('call_id', '=', callId)
      .orderBy('seq')
      .execute();
    return rows.map(parseStoredEvent);
  }

  /** The latest event of a type on the call, e.g. `face.check.passed`, under any name it was stored as. */
  async latestEvent(callId: string, type: CallEventType): Promise<StoredEvent | undefined> {
    const row = await this.db
      .selectFrom('call_events')
      .select(['at', 'actor', 'type', 'data'])
      .where('call_id', '=', callId)
      .where('type', 'in', storedNamesOf(type))
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && parseStoredEvent(row);
  }
}
