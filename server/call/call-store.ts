import type { Kysely, Selectable } from 'kysely';
import type { CallsTable, Schema } from '../platform/database/schema.js';

export interface StoredCall {
  id: string;
  ticketId: string;
  serviceId: string;
  startedAt: number;
  endedAt: number | null;
  endReason: string | null;
}

const toCall = (r: Selectable<CallsTable>): StoredCall => ({
  id: r.id,
  ticketId: r.ticket_id,
  serviceId: r.service_id,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

/** The calls and the tellers each had (README, "Database": on the shared query layer). */
export class CallStore {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The same store inside the caller's transaction. */
  in(trx: Kysely<Schema>): CallStore {
    return new CallStore(trx);
  }

  /** `nodeId`: the node whose router carries the call (README, "Deployment"). */
  async insert(call: StoredCall, tellerId: string, nodeId: string | null = null): Promise<void> {
    await this.db
      .insertInto('calls')
      .values({
        id: call.id,
        ticket_id: call.ticketId,
        service_id: call.serviceId,
        started_at: call.startedAt,
        node_id: nodeId,
      })
      .execute();
    await this.addTeller(call.id, tellerId, call.startedAt);
  }

  async end(id: string, at: number, reason: string): Promise<void> {
    await this.db
      .updateTable('calls')
      .set({ ended_at: at, end_reason: reason })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
    await this.db
      .updateTable('call_tellers')
      .set({ left_at: at })
      .where('call_id', '=', id)
      .where('left_at', 'is', null)
      .execute();
  }

  /** A teller joins a call already running (a transfer). */
  async addTeller(callId: string, tellerId: string, at: number): Promise<void> {
    await this.db
      .insertInto('call_tellers')
      .values({ call_id: callId, teller_id: tellerId, joined_at: at })
      .execute();
  }

  async tellerLeft(callId: string, tellerId: string, at: number): Promise<void> {
    await this.db
      .updateTable('call_tellers')
      .set({ left_at: at })
      .where('call_id', '=', callId)
      .where('teller_id', '=', tellerId)
      .where('left_at', 'is', null)
      .execute();
  }

  /**
   * Every teller of a call with their times, first to last. A hand-over's new
   * teller joins when the old one leaves, so a tie on the time puts the one
   * still in the call (or who left last) after the one who left first.
   */
  async tellersOf(callId: string): Promise<{ tellerId: string; joinedAt: number; leftAt: number | null }[]> {
    const rows = await this.db
      .selectFrom('call_tellers')
      .select(['teller_id', 'joined_at', 'left_at'])
      .where('call_id', '=', callId)
      .orderBy('joined_at')
      .execute();
    const leftLast = (leftAt: number | null): number => leftAt ?? Number.POSITIVE_INFINITY;
    return rows
      .map((r) => ({ tellerId: r.teller_id, joinedAt: r.joined_at, leftAt: r.left_at }))
      .sort((a, b) => a.joinedAt - b.joinedAt || leftLast(a.leftAt) - leftLast(b.leftAt));
  }

  async find(id: string): Promise<StoredCall | undefined> {
    const row = await this.db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCall(row);
  }

  /** Durations of the latest finished calls, newest first, to seed the wait estimate after a restart. */
  async recentHandleTimes(limit: number): Promise<{ serviceId: string; ms: number }[]> {
    const rows = await this.db
      .selectFrom('calls')
      .select(['service_id', 'started_at', 'ended_at'])
      .where('ended_at', 'is not', null)
      .where('end_reason', '!=', 'server_shutdown')
      .orderBy('ended_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ serviceId: r.service_id, ms: (r.ended_at ?? r.started_at) - r.started_at }));
  }

  /** Calls a previous process left open: they cannot go on after a restart. */
  /**
   * The calls not ended that `nodeId` carries (and those stored before nodes were told apart):
   * the ones a restarting node left open. Other nodes' calls are theirs.
   */
  async listOpen(nodeId: string): Promise<StoredCall[]> {
    const rows = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('ended_at', 'is', null)
      .where((eb) => eb.or([eb('node_id', '=', nodeId), eb('node_id', 'is', null)]))
      .execute();
    return rows.map(toCall);
  }
}
