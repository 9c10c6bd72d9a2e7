import { PostgresAdapter, type Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';

export type OfferOutcome = 'accepted' | 'declined' | 'expired' | 'withdrawn';

/** Every offer made to a teller and how it ended; the day's statistics count them. */
export class OfferStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): OfferStore {
    return new OfferStore(trx);
  }

  async insert(offer: {
    ticketId: string;
    tellerId: string;
    transferId: string | null;
    offeredAt: number;
    expiresAt: number;
  }): Promise<void> {
    await this.db
      .insertInto('offers')
      .values({
        ticket_id: offer.ticketId,
        teller_id: offer.tellerId,
        transfer_id: offer.transferId,
        offered_at: offer.offeredAt,
        expires_at: offer.expiresAt,
      })
      .execute();
  }

  /** Ends the open offer of this ticket to this teller; false when none was open (it ended already). */
  async resolve(ticketId: string, tellerId: string, outcome: OfferOutcome, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('offers')
      .set({ outcome, resolved_at: at })
      .where('ticket_id', '=', ticketId)
      .where('teller_id', '=', tellerId)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Inside the caller's transaction: the open offer of this ticket to this teller is accepted,
   * unless it is not open or the ticket (or this hand-over of its call) was accepted already, by a
   * teller on any node. On
   * PostgreSQL the ticket's row is locked first, so two acceptances of one ticket on two nodes
   * follow each other and the second finds the first; SQLite has one writer. Returns whether it was.
   */
  async acceptOnce(ticketId: string, tellerId: string, at: number): Promise<boolean> {
    const ticket = this.db.selectFrom('tickets').select('id').where('id', '=', ticketId);
    const postgres = this.db.getExecutor().adapter instanceof PostgresAdapter;
    await (postgres ? ticket.forUpdate() : ticket).executeTakeFirst();
    const open = await this.db
      .selectFrom('offers')
      .select('transfer_id')
      .where('ticket_id', '=', ticketId)
      .where('teller_id', '=', tellerId)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    if (!open) return false;
    // Once per customer, and once per hand-over of its call.
    const accepted = await this.db
      .selectFrom('offers')
      .select('id')
      .where('ticket_id', '=', ticketId)
      .where('outcome', '=', 'accepted')
      .where((eb) =>
        open.transfer_id === null ? eb('transfer_id', 'is', null) : eb('transfer_id', '=', open.transfer_id),
      )
      .executeTakeFirst();
    return !accepted && this.resolve(ticketId, tellerId, 'accepted', at);
  }

  /** Offers a previous process left open: their tellers' pages went with it. */
  async withdrawAllOpen(at: number): Promise<number> {
    const result = await this.db
      .updateTable('offers')
      .set({ outcome: 'withdrawn', resolved_at: at })
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
