import type { DocumentReference } from '../../shared/catalog/field-schema.js';
import type { SignatureStroke } from '../../shared/domain/signature-strokes.js';
import type { ServiceFlowState } from './rules/flow-types.js';
import type { Db } from '../platform/database/database.js';
import type { CallEventType } from '../../shared/contracts/call-events.js';
import { parseStoredEvent, type StoredEvent, type StoredEventRow } from '../call/index.js';

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
  constructor(private readonly db: Db) {}

  flow(callId: string): StoredFlow | undefined {
    const row = this.db
      .prepare('SELECT state, signature_requested_at AS requested FROM service_flows WHERE call_id = ?')
      .get(callId) as { state: string; requested: number | null } | undefined;
    return row && { state: JSON.parse(row.state) as ServiceFlowState, signatureRequestedAt: row.requested };
  }

  saveFlow(state: ServiceFlowState, at: number): void {
    this.db
      .prepare(
        `INSERT INTO service_flows (call_id, service_id, state, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (call_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      )
      .run(state.callId, state.serviceId, JSON.stringify(state), at);
  }

  markSignatureRequested(callId: string, at: number): void {
    this.db
      .prepare(
        'UPDATE service_flows SET signature_requested_at = ? WHERE call_id = ? AND signature_requested_at IS NULL',
      )
      .run(at, callId);
  }

  addDocument(callId: string, doc: DocumentReference, by: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO call_documents (id, call_id, sha256, media_type, byte_length, file_name, uploaded_by, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(doc.documentId, callId, doc.sha256, doc.mediaType, doc.byteLength, doc.fileName ?? null, by, at);
  }

  /** How many documents the call holds. */
  documentCount(callId: string): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM call_documents WHERE call_id = ?').get(callId) as {
        n: number;
      }
    ).n;
  }

  /** Whether this exact upload belongs to the call (a reference cannot be made up). */
  hasDocument(callId: string, doc: DocumentReference): boolean {
    return (
      this.db
        .prepare(
          'SELECT 1 FROM call_documents WHERE id = ? AND call_id = ? AND sha256 = ? AND media_type = ? AND byte_length = ?',
        )
        .get(doc.documentId, callId, doc.sha256, doc.mediaType, doc.byteLength) !== undefined
    );
  }

  saveSignature(callId: string, s: StoredSignature): void {
    this.db
      .prepare(
        `INSERT INTO call_signatures (call_id, summary_hash, image_sha256, png, strokes, captured_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(callId, s.summaryHash, s.imageSha256, s.png, JSON.stringify(s.strokes), s.capturedAt);
  }

  signature(callId: string): StoredSignature | undefined {
    const row = this.db
      .prepare(
        `SELECT summary_hash AS summaryHash, image_sha256 AS imageSha256, png, strokes, captured_at AS capturedAt
         FROM call_signatures WHERE call_id = ?`,
      )
      .get(callId) as (Omit<StoredSignature, 'strokes'> & { strokes: string }) | undefined;
    return row && { ...row, strokes: JSON.parse(row.strokes) as SignatureStroke[] };
  }

  saveRecord(callId: string, r: { outcome: string; file: string; sha256: string; at: number }): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO service_records (call_id, outcome, file, sha256, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(callId, r.outcome, r.file, r.sha256, r.at);
  }

  record(callId: string): { file: string; sha256: string } | undefined {
    return this.db.prepare('SELECT file, sha256 FROM service_records WHERE call_id = ?').get(callId) as
      | { file: string; sha256: string }
      | undefined;
  }

  /** Stores the first rating of a call; false when it was rated already. */
  rate(callId: string, score: number, comment: string, at: number): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO call_ratings (call_id, score, comment, rated_at) VALUES (?, ?, ?, ?)')
      .run(callId, score, comment, at);
    return result.changes === 1;
  }

  rated(callId: string): boolean {
    return this.db.prepare('SELECT 1 FROM call_ratings WHERE call_id = ?').get(callId) !== undefined;
  }

  /** The call's timeline, oldest first. */
  events(callId: string): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT at, actor, type, data FROM call_events WHERE call_id = ? ORDER BY seq')
      .all(callId) as StoredEventRow[];
    return rows.map(parseStoredEvent);
  }

  /** The latest event of a type on the call, e.g. `face.check.passed`, under any name it was stored as. */
  latestEvent(callId: string, type: CallEventType): StoredEvent | undefined {
    // Read under today's names, so former names match too.
    return this.events(callId).findLast((event) => event.type === type);
  }
}
