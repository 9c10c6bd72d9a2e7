import type { Db } from './database.js';

export interface CallEvent {
  callId: string | null;
  ticketId: string | null;
  at: number;
  /** 'customer', 'system' or a staff user id. */
  actor: string;
  type: string;
  data?: Record<string, unknown>;
}

/** The call's timeline: consent, joins, leaves, and later steps, checks and signatures. */
export class EventsRepo {
  constructor(private readonly db: Db) {}

  append(e: CallEvent): void {
    this.db
      .prepare(
        'INSERT INTO call_events (call_id, ticket_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(e.callId, e.ticketId, e.at, e.actor, e.type, JSON.stringify(e.data ?? {}));
  }

  listForTicket(ticketId: string): CallEvent[] {
    const rows = this.db
      .prepare(
        'SELECT call_id, ticket_id, at, actor, type, data FROM call_events WHERE ticket_id = ? ORDER BY seq',
      )
      .all(ticketId) as {
      call_id: string | null;
      ticket_id: string | null;
      at: number;
      actor: string;
      type: string;
      data: string;
    }[];
    return rows.map((r) => ({
      callId: r.call_id,
      ticketId: r.ticket_id,
      at: r.at,
      actor: r.actor,
      type: r.type,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  }
}
