import type { Kysely } from 'kysely';
import type { Db } from '../platform/database/database.js';
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

/** The tables the calls keep in step with their changes; writes that belong together share a transaction. */
export interface CallStores {
  db: Db;
  /** The query layer the tickets are on (README, "Database"); on SQLite the same connection as `db`. */
  kysely: Kysely<Schema>;
  calls: CallStore;
  events: TimelineStore;
  transfers: TransferStore;
  tickets: CallTicketWrites;
}
