// The rows behind the supervisor's "today" figures, on both dialects.
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../platform/database/schema.js';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { DayStatsStore } from './day-stats-store.js';

const databases = databasesPerTest();
const DAY = 1_764_460_800_000; // a midnight, in epoch milliseconds

async function seed(db: Kysely<Schema>): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: 'teller1',
      username: 'teller1',
      display_name: 'T',
      role: 'teller',
      password_hash: 'x',
      created_at: 0,
    })
    .execute();
  const ticket = (id: string, joinedAt: number) => ({
    id,
    full_name: 'x',
    id_type: 'passport',
    id_number: id,
    birth_date: null,
    phone: '1',
    service_id: 'consultation',
    language: 'cmn',
    ui_locale: 'en',
    status: 'ended' as const,
    joined_at: joinedAt,
    consent_at: joinedAt,
  });
  await db
    .insertInto('tickets')
    .values([
      { ...ticket('yesterday', DAY - 1), answered_at: DAY + 10 },
      { ...ticket('served', DAY + 1_000), answered_at: DAY + 31_000, closed_at: DAY + 400_000 },
      {
        ...ticket('abandoned', DAY + 2_000),
        status: 'left',
        closed_at: DAY + 70_000,
        left_reason: 'abandoned',
      },
      { ...ticket('left', DAY + 3_000), status: 'left', closed_at: DAY + 9_000, left_reason: 'customer' },
    ])
    .execute();
  await db
    .insertInto('calls')
    .values([
      {
        id: 'c-old',
        ticket_id: 'yesterday',
        service_id: 'consultation',
        started_at: DAY - 1,
        ended_at: DAY + 5,
      },
      {
        id: 'c1',
        ticket_id: 'served',
        service_id: 'consultation',
        started_at: DAY + 31_000,
        ended_at: DAY + 400_000,
      },
    ])
    .execute();
  // Two tellers wrapped the call up (a hand-over): it is handled until the later one ended.
  const wrapUp = {
    call_id: 'c1',
    started_at: DAY + 400_000,
    outcome: 'resolved',
    ended_by: 'teller' as const,
  };
  await db
    .insertInto('call_wrap_ups')
    .values([
      { ...wrapUp, teller_id: 'teller1', ended_at: DAY + 430_000 },
      { ...wrapUp, teller_id: 'teller2', ended_at: DAY + 420_000 },
    ])
    .execute();
  const offer = { ticket_id: 'served', teller_id: 'teller1', expires_at: DAY + 50_000 };
  await db
    .insertInto('offers')
    .values([
      { ...offer, offered_at: DAY - 5, outcome: 'expired' },
      { ...offer, offered_at: DAY + 1_000, outcome: 'expired' },
      { ...offer, offered_at: DAY + 21_000, outcome: 'accepted' },
      { ...offer, offered_at: DAY + 22_000, outcome: null },
    ])
    .execute();
}

describe.each(DIALECTS)('DayStatsStore on %s', (dialect) => {
  it('gives the day’s tickets, calls with their wrap-ups, offers and ratings from a time on', async () => {
    const { kysely } = await databases.open(dialect);
    const stats = new DayStatsStore(kysely);
    expect(await stats.offersSince(DAY)).toEqual({ offered: 0, expired: 0 });
    expect(await stats.satisfactionSince(DAY)).toBeNull();
    await seed(kysely);
    const tickets = await stats.ticketsSince(DAY);
    expect(tickets.sort((a, b) => a.joinedAt - b.joinedAt)).toEqual([
      { joinedAt: DAY + 1_000, answeredAt: DAY + 31_000, closedAt: DAY + 400_000, abandoned: false },
      { joinedAt: DAY + 2_000, answeredAt: null, closedAt: DAY + 70_000, abandoned: true },
      { joinedAt: DAY + 3_000, answeredAt: null, closedAt: DAY + 9_000, abandoned: false },
    ]);
    expect(await stats.callsSince(DAY)).toEqual([
      { startedAt: DAY + 31_000, endedAt: DAY + 400_000, wrappedUpAt: DAY + 430_000 },
    ]);
    expect(await stats.offersSince(DAY)).toEqual({ offered: 3, expired: 1 });

    await kysely
      .insertInto('call_ratings')
      .values([
        { call_id: 'c-old', score: 1, rated_at: DAY - 1 },
        { call_id: 'c1', score: 4, rated_at: DAY + 500_000 },
      ])
      .execute();
    expect(await stats.satisfactionSince(DAY)).toBe(4);
    expect(await stats.satisfactionSince(DAY - 1)).toBe(2.5);
  });
});
