import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import type { CallStore } from './call-store.js';
import type { TimelineStore } from './timeline-store.js';
import type { TransferStore } from './transfer-store.js';

/**
 * The ticket columns a call changes. The tickets are the queue's; a call
 * writes them in its own transactions, so a call never starts or ends
 * without its ticket saying so.
 */
export interface CallTicketWrites {
  /** The same writes inside a unit of work. */
  in(trx: Kysely<Schema>): CallTicketWrites;
  markAnswered(ticketId: string, at: number): Promise<void>;
  setStatus(ticketId: string, status: 'ended', closedAt: number): Promise<void>;
}

/**
 * The tables the calls keep in step with their changes; writes that belong
 * together share a transaction (`inTransaction(db, …)` with the stores bound to it).
 */
export interface CallStores {
  db: Kysely<Schema>;
  calls: CallStore;
  events: TimelineStore;
  transfers: TransferStore;
  tickets: CallTicketWrites;
}
