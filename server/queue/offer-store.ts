import type { Db } from '../platform/database/database.js';

export type OfferOutcome = 'accepted' | 'declined' | 'expired' | 'withdrawn';

/** Every offer made to a teller and how it ended; the day's statistics count them. */
export class OfferStore {
  constructor(private readonly db: Db) {}

  insert(offer: {
    ticketId: string;
    tellerId: string;
    transferId: string | null;
    offeredAt: number;
    expiresAt: number;
  }): void {
    this.db
      .prepare(
        'INSERT INTO offers (ticket_id, teller_id, transfer_id, offered_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(offer.ticketId, offer.tellerId, offer.transferId, offer.offeredAt, offer.expiresAt);
  }

  resolve(ticketId: string, tellerId: string, outcome: OfferOutcome, at: number): void {
    this.db
      .prepare(
        `UPDATE offers SET outcome = ?, resolved_at = ?
         WHERE ticket_id = ? AND teller_id = ? AND resolved_at IS NULL`,
      )
      .run(outcome, at, ticketId, tellerId);
  }

  /** Offers a previous process left open: their tellers' pages went with it. */
  withdrawAllOpen(at: number): number {
    return this.db
      .prepare("UPDATE offers SET outcome = 'withdrawn', resolved_at = ? WHERE resolved_at IS NULL")
      .run(at).changes;
  }
}
