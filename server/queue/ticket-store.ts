import { sql, type Kysely, type Selectable } from 'kysely';
import type { Schema, TicketsTable } from '../platform/database/schema.js';

import type { PriorityClass } from '../../shared/domain/priority.js';

export type TicketStatus = 'waiting' | 'offered' | 'in_call' | 'ended' | 'left';
/** Why a ticket left the line unserved: the customer said so, or their page was gone too long. */
export type LeftReason = 'customer' | 'abandoned';

export interface Ticket {
  id: string;
  fullName: string;
  idType: string;
  idNumber: string;
  birthDate: string | null;
  phone: string;
  serviceId: string;
  language: string;
  uiLocale: string;
  status: TicketStatus;
  joinedAt: number;
  /** Join order among tickets of the same millisecond, from the store. */
  joinSeq: number;
  consentAt: number;
  closedAt: number | null;
  priority: PriorityClass;
  mandarinFallback: boolean;
  answeredAt: number | null;
}

const toTicket = (r: Selectable<TicketsTable>): Ticket => ({
  id: r.id,
  fullName: r.full_name,
  idType: r.id_type,
  idNumber: r.id_number,
  birthDate: r.birth_date,
  phone: r.phone,
  serviceId: r.service_id,
  language: r.language,
  uiLocale: r.ui_locale,
  status: r.status,
  joinedAt: r.joined_at,
  joinSeq: r.join_seq ?? 0,
  consentAt: r.consent_at,
  closedAt: r.closed_at,
  priority: r.priority as PriorityClass,
  mandarinFallback: r.mandarin_fallback === 1,
  answeredAt: r.answered_at,
});

/** The customers' tickets, from joining to their call's end (or their leaving). */
export class TicketStore {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The same store inside a unit of work (server/platform/database/transaction.ts). */
  in(trx: Kysely<Schema>): TicketStore {
    return new TicketStore(trx);
  }

  /** Stores a new ticket; the ticket as stored, with its join order. */
  async insert(t: Omit<Ticket, 'joinSeq'>): Promise<Ticket> {
    const { join_seq } = await this.db
      .insertInto('tickets')
      .values({
        id: t.id,
        full_name: t.fullName,
        id_type: t.idType,
        id_number: t.idNumber,
        birth_date: t.birthDate,
        phone: t.phone,
        service_id: t.serviceId,
        language: t.language,
        ui_locale: t.uiLocale,
        status: t.status,
        joined_at: t.joinedAt,
        consent_at: t.consentAt,
        closed_at: t.closedAt,
        priority: t.priority,
        mandarin_fallback: t.mandarinFallback ? 1 : 0,
        // The join order among tickets of the same millisecond, which the routing engine keeps
        // (PostgreSQL has no rowid). Two nodes inserting at once on PostgreSQL may draw the same
        // number; those two then keep their order by id.
        join_seq: sql<number>`(SELECT COALESCE(MAX(join_seq), 0) + 1 FROM tickets)`,
      })
      .returning('join_seq')
      .executeTakeFirstOrThrow();
    return { ...t, joinSeq: join_seq ?? 0 };
  }

  async find(id: string): Promise<Ticket | undefined> {
    const row = await this.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTicket(row);
  }

  async setStatus(id: string, status: TicketStatus, closedAt: number | null = null): Promise<void> {
    await this.db.updateTable('tickets').set({ status, closed_at: closedAt }).where('id', '=', id).execute();
  }

  async markAnswered(id: string, at: number): Promise<void> {
    await this.db
      .updateTable('tickets')
      .set({ status: 'in_call', answered_at: at })
      .where('id', '=', id)
      .execute();
  }

  async markLeft(id: string, at: number, reason: LeftReason): Promise<void> {
    await this.db
      .updateTable('tickets')
      .set({ status: 'left', closed_at: at, left_reason: reason })
      .where('id', '=', id)
      .execute();
  }

  /** Offered tickets are waiting again (their offers went with the process or leader that made them). */
  async offeredWaitingAgain(): Promise<void> {
    await this.db.updateTable('tickets').set({ status: 'waiting' }).where('status', '=', 'offered').execute();
  }

  /** Tickets still in line (waiting or offered), in the order they joined. */
  async listQueued(): Promise<Ticket[]> {
    const rows = await this.db
      .selectFrom('tickets')
      .selectAll()
      .where('status', 'in', ['waiting', 'offered'])
      .orderBy('joined_at')
      .orderBy('join_seq')
      .orderBy('id')
      .execute();
    return rows.map(toTicket);
  }
}
