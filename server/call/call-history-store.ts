import type { Db } from '../platform/database/database.js';

/** A teller's part in one call as the store has it, joined with the call's service and wrap-up. */
export interface TellerCallRow {
  callId: string;
  serviceId: string;
  customerName: string;
  startedAt: number;
  endedAt: number | null;
  endReason: string | null;
  /** When this teller left the call, if it did before the end (a hand-over). */
  leftAt: number | null;
  serviceStatus: string | null;
  hasRecord: boolean;
  wrapUpOutcome: string | null;
  wrapUpNote: string | null;
  wrappedUp: boolean;
}

/**
 * The calls a teller served, read from the store (calls, the service's
 * records and the wrap-ups), so the desk can list them after the live call
 * is gone.
 */
export class CallHistoryStore {
  constructor(private readonly db: Db) {}

  /** The teller's calls started at or after `since`, newest first. */
  ofTeller(tellerId: string, since: number): TellerCallRow[] {
    const rows = this.db
      .prepare(
        `SELECT c.id AS callId, c.service_id AS serviceId, t.full_name AS customerName,
                c.started_at AS startedAt, c.ended_at AS endedAt, c.end_reason AS endReason,
                MAX(ct.left_at) AS leftAt,
                json_extract(f.state, '$.status') AS serviceStatus,
                r.call_id IS NOT NULL AS hasRecord,
                w.outcome AS wrapUpOutcome, w.note AS wrapUpNote, w.call_id IS NOT NULL AS wrappedUp
         FROM call_tellers ct
         JOIN calls c ON c.id = ct.call_id
         JOIN tickets t ON t.id = c.ticket_id
         LEFT JOIN service_flows f ON f.call_id = c.id
         LEFT JOIN service_records r ON r.call_id = c.id
         LEFT JOIN call_wrap_ups w ON w.call_id = c.id AND w.teller_id = ct.teller_id
         WHERE ct.teller_id = ? AND c.started_at >= ?
         GROUP BY c.id
         ORDER BY c.started_at DESC, c.id`,
      )
      .all(tellerId, since) as (Omit<TellerCallRow, 'hasRecord' | 'wrappedUp'> & {
      hasRecord: number;
      wrappedUp: number;
    })[];
    return rows.map((r) => ({ ...r, hasRecord: r.hasRecord === 1, wrappedUp: r.wrappedUp === 1 }));
  }
}
