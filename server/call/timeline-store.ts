import type { Db } from '../platform/database/database.js';

export interface CallEvent {
  callId: string | null;
  ticketId: string | null;
  at: number;
  /** 'customer', 'system' or a staff user id. */
  actor: string;
  type: string;
  data?: Record<string, unknown>;
}

/** An event as read back, its data parsed. */
export interface StoredEvent {
  at: number;
  actor: string;
  type: string;
  data: Record<string, unknown>;
}

export type StoredEventRow = Omit<StoredEvent, 'data'> & { data: string };

export const parseStoredEvent = (r: StoredEventRow): StoredEvent => ({
  ...r,
  data: JSON.parse(r.data) as Record<string, unknown>,
});

/** The call's timeline: consent, joins, leaves, and later steps, checks and signatures. */
export class TimelineStore {
  /**
   * `observer` sees every event right after it is stored, inside the caller's
   * transaction, so what it writes (the audit chain) commits or rolls back with it.
   */
  constructor(
    private readonly db: Db,
    private readonly observer?: (event: CallEvent) => void,
  ) {}

  append(e: CallEvent): void {
    this.db
      .prepare(
        'INSERT INTO call_events (call_id, ticket_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(e.callId, e.ticketId, e.at, e.actor, e.type, JSON.stringify(e.data ?? {}));
    this.observer?.(e);
  }

  /** A call's events, oldest first, after its customer's recording consent (given on the ticket, before the call). */
  callTimeline(callId: string, ticketId: string): StoredEvent[] {
    const rows = this.db
      .prepare(
        `SELECT at, actor, type, data FROM call_events
         WHERE call_id = ? OR (call_id IS NULL AND ticket_id = ? AND type = 'consent.recording') ORDER BY seq`,
      )
      .all(callId, ticketId) as StoredEventRow[];
    return rows.map(parseStoredEvent);
  }
}
