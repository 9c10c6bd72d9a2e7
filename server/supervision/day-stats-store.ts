import type { DayCall, DayTicket } from './rules/day-statistics.js';
import type { Db } from '../platform/database/database.js';

/** The rows the supervisor's "today" figures are computed from. */
export class DayStatsStore {
  constructor(private readonly db: Db) {}

  ticketsSince(since: number): DayTicket[] {
    const rows = this.db
      .prepare(
        `SELECT joined_at AS joinedAt, answered_at AS answeredAt, closed_at AS closedAt,
                left_reason = 'abandoned' AS abandoned
         FROM tickets WHERE joined_at >= ?`,
      )
      .all(since) as (Omit<DayTicket, 'abandoned'> & { abandoned: number | null })[];
    return rows.map((r) => ({ ...r, abandoned: r.abandoned === 1 }));
  }

  /** A call is handled until its last wrap-up ended, if its teller wrapped it up. */
  callsSince(since: number): DayCall[] {
    return this.db
      .prepare(
        `SELECT c.started_at AS startedAt, c.ended_at AS endedAt, MAX(w.ended_at) AS wrappedUpAt
         FROM calls c LEFT JOIN call_wrap_ups w ON w.call_id = c.id
         WHERE c.started_at >= ? GROUP BY c.id`,
      )
      .all(since) as DayCall[];
  }

  /** Average rating customers gave since `since`, or null without any. */
  satisfactionSince(since: number): number | null {
    const row = this.db
      .prepare('SELECT AVG(score) AS average FROM call_ratings WHERE rated_at >= ?')
      .get(since) as { average: number | null };
    return row.average;
  }

  offersSince(since: number): { offered: number; expired: number } {
    return this.db
      .prepare(
        `SELECT COUNT(*) AS offered, COALESCE(SUM(outcome = 'expired'), 0) AS expired
         FROM offers WHERE offered_at >= ?`,
      )
      .get(since) as { offered: number; expired: number };
  }
}
