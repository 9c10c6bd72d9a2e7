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
}
