import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';

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

const OPEN: TransferStatus[] = ['awaiting_consent', 'waiting'];

/** Hand-overs of a call from one teller to another, with the customer's answer. */
export class TransferStore {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The same store inside the caller's transaction. */
  in(trx: Kysely<Schema>): TransferStore {
    return new TransferStore(trx);
  }

  async insert(t: TransferRow): Promise<void> {
    await this.db
      .insertInto('transfers')
      .values({
        id: t.id,
        call_id: t.callId,
        ticket_id: t.ticketId,
        from_teller_id: t.fromTellerId,
        target_teller_id: t.targetTellerId,
        target_service_id: t.targetServiceId,
        target_language: t.targetLanguage,
        reason: t.reason,
        status: t.status,
        requested_at: t.requestedAt,
      })
      .execute();
  }

  async setStatus(id: string, status: TransferStatus, at: number): Promise<void> {
    const final = !OPEN.includes(status);
    await this.db
      .updateTable('transfers')
      .set({ status, resolved_at: final ? at : null })
      .where('id', '=', id)
      .execute();
  }

  /** Transfers a previous process left unfinished: their calls ended with it. */
  /** The hand-overs still open of these calls fail (their calls are over). */
  async failOpenOf(callIds: readonly string[], at: number): Promise<void> {
    if (callIds.length === 0) return;
    await this.db
      .updateTable('transfers')
      .set({ status: 'failed', resolved_at: at })
      .where('status', 'in', OPEN)
      .where('call_id', 'in', callIds)
      .execute();
  }
}
