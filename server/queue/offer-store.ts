import type { Kysely } from 'kysely';
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

  async resolve(ticketId: string, tellerId: string, outcome: OfferOutcome, at: number): Promise<void> {
    await this.db
      .updateTable('offers')
      .set({ outcome, resolved_at: at })
      .where('ticket_id', '=', ticketId)
      .where('teller_id', '=', tellerId)
      .where('resolved_at', 'is', null)
      .execute();
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
