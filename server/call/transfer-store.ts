import type { Db } from '../platform/database/database.js';

export type TransferStatus = 'awaiting_consent' | 'waiting' | 'accepted' | 'refused' | 'cancelled' | 'failed';

export interface TransferRow {
  id: string;
  callId: string;
  ticketId: string;
  fromTellerId: string;
  targetTellerId: string | null;
  targetServiceId: string;
  targetLanguage: string;
  reason: string;
  status: TransferStatus;
  requestedAt: number;
}

/** Hand-overs of a call from one teller to another, with the customer's answer. */
export class TransferStore {
  constructor(private readonly db: Db) {}

  insert(t: TransferRow): void {
    this.db
      .prepare(
        `INSERT INTO transfers (id, call_id, ticket_id, from_teller_id, target_teller_id, target_service_id,
          target_language, reason, status, requested_at)
         VALUES (@id, @callId, @ticketId, @fromTellerId, @targetTellerId, @targetServiceId,
          @targetLanguage, @reason, @status, @requestedAt)`,
      )
      .run(t);
  }

  setStatus(id: string, status: TransferStatus, at: number): void {
    const final = status !== 'awaiting_consent' && status !== 'waiting';
    this.db
      .prepare('UPDATE transfers SET status = ?, resolved_at = ? WHERE id = ?')
      .run(status, final ? at : null, id);
  }

  /** Transfers a previous process left unfinished: their calls ended with it. */
  failAllOpen(at: number): void {
    this.db
      .prepare(
        "UPDATE transfers SET status = 'failed', resolved_at = ? WHERE status IN ('awaiting_consent', 'waiting')",
      )
      .run(at);
  }
}
