import type { Db } from '../platform/database/database.js';

export interface StoredCall {
  id: string;
  ticketId: string;
  serviceId: string;
  startedAt: number;
  endedAt: number | null;
  endReason: string | null;
}

interface CallRow {
  id: string;
  ticket_id: string;
  service_id: string;
  started_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

const toCall = (r: CallRow): StoredCall => ({
  id: r.id,
  ticketId: r.ticket_id,
  serviceId: r.service_id,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

export class CallStore {
  constructor(private readonly db: Db) {}

  insert(call: StoredCall, tellerId: string): void {
    this.db
      .prepare('INSERT INTO calls (id, ticket_id, service_id, started_at) VALUES (?, ?, ?, ?)')
      .run(call.id, call.ticketId, call.serviceId, call.startedAt);
    this.db
      .prepare('INSERT INTO call_tellers (call_id, teller_id, joined_at) VALUES (?, ?, ?)')
      .run(call.id, tellerId, call.startedAt);
  }

  end(id: string, at: number, reason: string): void {
    this.db
      .prepare('UPDATE calls SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL')
      .run(at, reason, id);
    this.db.prepare('UPDATE call_tellers SET left_at = ? WHERE call_id = ? AND left_at IS NULL').run(at, id);
  }

  /** A teller joins a call already running (a transfer). */
  addTeller(callId: string, tellerId: string, at: number): void {
    this.db
      .prepare('INSERT INTO call_tellers (call_id, teller_id, joined_at) VALUES (?, ?, ?)')
      .run(callId, tellerId, at);
  }

  tellerLeft(callId: string, tellerId: string, at: number): void {
    this.db
      .prepare('UPDATE call_tellers SET left_at = ? WHERE call_id = ? AND teller_id = ? AND left_at IS NULL')
      .run(at, callId, tellerId);
  }

  /** Every teller of a call with their times, first to last. */
  tellersOf(callId: string): { tellerId: string; joinedAt: number; leftAt: number | null }[] {
    return this.db
      .prepare(
        `SELECT teller_id AS tellerId, joined_at AS joinedAt, left_at AS leftAt
         FROM call_tellers WHERE call_id = ? ORDER BY joined_at, rowid`,
      )
      .all(callId) as { tellerId: string; joinedAt: number; leftAt: number | null }[];
  }

  find(id: string): StoredCall | undefined {
    const row = this.db.prepare('SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined;
    return row && toCall(row);
  }

  /** Durations of the latest finished calls, newest first, to seed the wait estimate after a restart. */
  recentHandleTimes(limit: number): { serviceId: string; ms: number }[] {
    return this.db
      .prepare(
        `SELECT service_id AS serviceId, ended_at - started_at AS ms FROM calls
         WHERE ended_at IS NOT NULL AND end_reason != 'server_shutdown' ORDER BY ended_at DESC LIMIT ?`,
      )
      .all(limit) as { serviceId: string; ms: number }[];
  }

  /** Calls a previous process left open: they cannot go on after a restart. */
  listOpen(): StoredCall[] {
    return (this.db.prepare('SELECT * FROM calls WHERE ended_at IS NULL').all() as CallRow[]).map(toCall);
  }
}
