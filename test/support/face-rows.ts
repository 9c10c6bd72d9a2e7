import type { Kysely } from 'kysely';
import type { Schema } from '../../server/platform/database/schema.js';

/**
 * A ticket opened with the ID `idNumber` and, when `callId` is given, its call: the rows face
 * references and checks name (both are foreign keys), written straight to the database.
 */
export async function storedTicket(
  db: Kysely<Schema>,
  ticket: { ticketId: string; idNumber: string; callId?: string },
): Promise<void> {
  await db
    .insertInto('tickets')
    .values({
      id: ticket.ticketId,
      full_name: 'Lin Mei',
      id_type: 'id_card',
      id_number: ticket.idNumber,
      birth_date: null,
      phone: '13800000000',
      service_id: 'open-account',
      language: 'zh',
      ui_locale: 'zh-CN',
      status: ticket.callId ? 'in_call' : 'waiting',
      joined_at: 1_000,
      consent_at: 1_000,
      closed_at: null,
      answered_at: ticket.callId ? 2_000 : null,
      left_reason: null,
    })
    .execute();
  if (!ticket.callId) return;
  await db
    .insertInto('calls')
    .values({
      id: ticket.callId,
      ticket_id: ticket.ticketId,
      service_id: 'open-account',
      started_at: 2_000,
      ended_at: null,
      end_reason: null,
    })
    .execute();
}
