import {
  checkCallEvent,
  currentTypeName,
  storedNamesOf,
  type CallEvent,
  type CallEventOf,
  type CallEventType,
} from '../../shared/contracts/call-events.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
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

/**
 * Sees each event right after it is stored, inside the transaction that stores
 * it (the audit chain's writer): given the transaction, so what it writes
 * commits or rolls back with the event.
 */
export type TimelineObserver = (event: CallEvent, trx: Kysely<Schema>) => unknown;

/** The call's timeline: consent, joins, leaves, steps, checks, signatures, transfers, recording failures. */
export class TimelineStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly observer?: TimelineObserver,
  ) {}

  /** The same store inside the caller's transaction. */
  in(trx: Kysely<Schema>): TimelineStore {
    return new TimelineStore(trx, this.observer);
  }

  /**
   * Stores one event once it is checked against its type's schema (see
   * shared/contracts/call-events.ts). An unknown type or malformed data is a
   * bug of the writer: it throws `internal` before anything is written, and
   * the caller's transaction rolls back what it wrote with it.
   */
  async append<T extends CallEventType>(e: CallEventOf<T>): Promise<void> {
    const checked = checkCallEvent(e);
    if (!checked.ok) throw new AppError('internal', `refused call event: ${checked.problem}`);
    const { event } = checked;
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('call_events')
        .values({
          call_id: event.callId,
          ticket_id: event.ticketId,
          at: event.at,
          actor: event.actor,
          type: event.type,
          data: JSON.stringify(event.data),
        })
        .execute();
      // Awaited whether the observer answers at once or with a promise.
      await this.observer?.(event, trx);
    });
  }

  /** The call's latest event of a type (also under its former names), or undefined. */
  async latest(callId: string, type: CallEventType): Promise<StoredEvent | undefined> {
    const row = await this.db
      .selectFrom('call_events')
      .select(['at', 'actor', 'type', 'data'])
      .where('call_id', '=', callId)
      .where('type', 'in', storedNamesOf(type))
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && parseStoredEvent(row);
  }

  /** A call's events, oldest first, after its customer's recording consent (given on the ticket, before the call). */
  async callTimeline(callId: string, ticketId: string): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('call_events')
      .select(['at', 'actor', 'type', 'data'])
      .where((eb) =>
        eb.or([
          eb('call_id', '=', callId),
          eb.and([
            eb('call_id', 'is', null),
            eb('ticket_id', '=', ticketId),
            eb('type', '=', 'consent.recording'),
          ]),
        ]),
      )
      .orderBy('seq')
      .execute();
    return rows.map(parseStoredEvent);
  }
}
