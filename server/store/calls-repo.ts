import type { Db } from './database.js';

export interface CallRecord {
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

const toCall = (r: CallRow): CallRecord => ({
  id: r.id,
  ticketId: r.ticket_id,
  serviceId: r.service_id,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

export class CallsRepo {
  constructor(private readonly db: Db) {}

  insert(call: CallRecord, tellerId: string): void {
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

  find(id: string): CallRecord | undefined {
    const row = this.db.prepare('SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined;
    return row && toCall(row);
  }

  /** Calls a previous process left open: they cannot go on after a restart. */
  listOpen(): CallRecord[] {
    return (this.db.prepare('SELECT * FROM calls WHERE ended_at IS NULL').all() as CallRow[]).map(toCall);
  }
}
