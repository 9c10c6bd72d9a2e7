import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';

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
  constructor(private readonly db: Kysely<Schema>) {}

  /** The same store inside the caller's transaction. */
  in(trx: Kysely<Schema>): CallHistoryStore {
    return new CallHistoryStore(trx);
  }

  /** The teller's calls started at or after `since`, newest first. */
  async ofTeller(tellerId: string, since: number): Promise<TellerCallRow[]> {
    const rows = await this.db
      .selectFrom('calls as c')
      .innerJoin('tickets as t', 't.id', 'c.ticket_id')
      .leftJoin('service_flows as f', 'f.call_id', 'c.id')
      .leftJoin('service_records as r', 'r.call_id', 'c.id')
      .leftJoin('call_wrap_ups as w', (join) =>
        join.onRef('w.call_id', '=', 'c.id').on('w.teller_id', '=', tellerId),
      )
      .select((eb) => [
        'c.id as callId',
        'c.service_id as serviceId',
        't.full_name as customerName',
        'c.started_at as startedAt',
        'c.ended_at as endedAt',
        'c.end_reason as endReason',
        // A teller handed a call over and given it back has several stints: the last time it left.
        eb
          .selectFrom('call_tellers as ct')
          .select((inner) => inner.fn.max('ct.left_at').as('leftAt'))
          .whereRef('ct.call_id', '=', 'c.id')
          .where('ct.teller_id', '=', tellerId)
          .as('leftAt'),
        'f.state as serviceState',
        'r.call_id as recordCallId',
        'w.outcome as wrapUpOutcome',
        'w.note as wrapUpNote',
        'w.call_id as wrapUpCallId',
      ])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('call_tellers as ct')
            .select('ct.call_id')
            .whereRef('ct.call_id', '=', 'c.id')
            .where('ct.teller_id', '=', tellerId),
        ),
      )
      .where('c.started_at', '>=', since)
      .orderBy('c.started_at', 'desc')
      .orderBy('c.id')
      .execute();
    return rows.map((r) => ({
      callId: r.callId,
      serviceId: r.serviceId,
      customerName: r.customerName,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      endReason: r.endReason,
      leftAt: r.leftAt ?? null,
      serviceStatus: serviceStatusOf(r.serviceState),
      hasRecord: r.recordCallId !== null,
      wrapUpOutcome: r.wrapUpOutcome,
      wrapUpNote: r.wrapUpNote,
      wrappedUp: r.wrapUpCallId !== null,
    }));
  }
}

/** The guided service's status from its stored state (JSON; read here rather than per dialect in SQL). */
function serviceStatusOf(state: string | null): string | null {
  if (state === null) return null;
  const status = (JSON.parse(state) as { status?: unknown }).status;
  return typeof status === 'string' ? status : null;
}
