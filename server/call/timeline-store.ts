import {
  checkCallEvent,
  currentTypeName,
  storedNamesOf,
  type CallEvent,
  type CallEventOf,
  type CallEventType,
} from '../../shared/contracts/call-events.js';
import type { Db } from '../platform/database/database.js';
import { AppError } from '../platform/errors.js';

/** An event as read back, its data parsed and its type under today's name. */
export interface StoredEvent {
  at: number;
  actor: string;
  type: string;
  data: Record<string, unknown>;
}

export type StoredEventRow = Omit<StoredEvent, 'data'> & { data: string };

/**
 * Stored rows keep their bytes, former type names included; they are read
 * under today's names. Their data is as it was written: old rows predate the
 * schemas, so readers still look at it field by field.
 */
export const parseStoredEvent = (r: StoredEventRow): StoredEvent => ({
  ...r,
  type: currentTypeName(r.type),
  data: JSON.parse(r.data) as Record<string, unknown>,
});

/** The call's timeline: consent, joins, leaves, steps, checks, signatures, transfers, recording failures. */
export class TimelineStore {
  /**
   * `observer` sees every event right after it is stored, inside the caller's
   * transaction, so what it writes (the audit chain) commits or rolls back with it.
   */
  constructor(
    private readonly db: Db,
    private readonly observer?: (event: CallEvent) => void,
  ) {}

  /**
   * Stores one event once it is checked against its type's schema (see
   * shared/contracts/call-events.ts). An unknown type or malformed data is a
   * bug of the writer: it throws `internal` before anything is written, and
   * the caller's transaction rolls back what it wrote with it.
   */
  append<T extends CallEventType>(e: CallEventOf<T>): void {
    const checked = checkCallEvent(e);
    if (!checked.ok) throw new AppError('internal', `refused call event: ${checked.problem}`);
    const { event } = checked;
    this.db
      .prepare(
        'INSERT INTO call_events (call_id, ticket_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(event.callId, event.ticketId, event.at, event.actor, event.type, JSON.stringify(event.data));
    this.observer?.(event);
  }

  /** The call's latest event of a type (also under its former names), or undefined. */
  latest(callId: string, type: CallEventType): StoredEvent | undefined {
    const row = this.db
      .prepare(
        `SELECT at, actor, type, data FROM call_events
         WHERE call_id = ? AND type IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT 1`,
      )
      .get(callId, JSON.stringify(storedNamesOf(type))) as StoredEventRow | undefined;
    return row && parseStoredEvent(row);
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
