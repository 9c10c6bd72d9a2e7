import type { Kysely } from 'kysely';
import type { Schema } from '../../server/platform/database/schema.js';

/**
 * A ticket and its call, as rows: what a store keyed by call needs to exist
 * before it writes (its rows reference the call). Times are epoch
 * milliseconds beyond 32 bits, as stored.
 */
export async function seedCall(
  db: Kysely<Schema>,
  ids: { callId: string; ticketId: string } = { callId: 'c1', ticketId: 't1' },
): Promise<void> {
  const at = 1_764_500_000_000;
  await db
    .insertInto('tickets')
    .values({
      id: ids.ticketId,
      full_name: '张三',
      id_type: 'id_card',
      id_number: '110101199003070000',
      birth_date: null,
      phone: '13800000000',
      service_id: 'surrender',
      language: 'zh',
      ui_locale: 'zh-CN',
      status: 'in_call',
      joined_at: at,
      consent_at: at,
    })
    .execute();
  await db
    .insertInto('calls')
    .values({ id: ids.callId, ticket_id: ids.ticketId, service_id: 'surrender', started_at: at })
    .execute();
}
