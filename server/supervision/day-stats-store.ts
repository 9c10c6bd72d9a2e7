import { sql, type Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import type { DayCall, DayTicket } from './rules/day-statistics.js';

/** The rows the supervisor's "today" figures are computed from. */
export class DayStatsStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): DayStatsStore {
    return new DayStatsStore(trx);
  }

  async ticketsSince(since: number): Promise<DayTicket[]> {
    const rows = await this.db
      .selectFrom('tickets')
      .select(['joined_at', 'answered_at', 'closed_at', 'left_reason'])
      .where('joined_at', '>=', since)
      .execute();
    return rows.map((r) => ({
      joinedAt: r.joined_at,
      answeredAt: r.answered_at,
      closedAt: r.closed_at,
      abandoned: r.left_reason === 'abandoned',
    }));
  }

  /** A call is handled until its last wrap-up ended, if its teller wrapped it up. */
  async callsSince(since: number): Promise<DayCall[]> {
    return (
      this.db
        .selectFrom('calls as c')
        .leftJoin('call_wrap_ups as w', 'w.call_id', 'c.id')
        .select((eb) => [
          'c.started_at as startedAt',
          'c.ended_at as endedAt',
          eb.fn.max('w.ended_at').as('wrappedUpAt'),
        ])
        .where('c.started_at', '>=', since)
        // PostgreSQL lets the call's other columns through: they depend on its key.
        .groupBy('c.id')
        .execute()
    );
  }

  /** Average rating customers gave since `since`, or null without any. */
  async satisfactionSince(since: number): Promise<number | null> {
    const row = await this.db
      .selectFrom('call_ratings')
      .select((eb) => eb.fn.avg<number | string | null>('score').as('average'))
      .where('rated_at', '>=', since)
      .executeTakeFirstOrThrow();
    // PostgreSQL's AVG is numeric, which its driver hands over as text.
    return row.average === null ? null : Number(row.average);
  }

  async offersSince(since: number): Promise<{ offered: number; expired: number }> {
    const row = await this.db
      .selectFrom('offers')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('offered'),
        // A sum of 0/1 rather than of a comparison: PostgreSQL cannot add booleans.
        sql<number | string>`COALESCE(SUM(CASE WHEN outcome = 'expired' THEN 1 ELSE 0 END), 0)`.as('expired'),
      ])
      .where('offered_at', '>=', since)
      .executeTakeFirstOrThrow();
    return { offered: Number(row.offered), expired: Number(row.expired) };
  }
}
