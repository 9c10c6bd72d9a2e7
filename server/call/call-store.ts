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

/** A call not ended, where it is held and by whom (README, "Calls across nodes"). */
export interface OpenCall {
  id: string;
  ticketId: string;
  startedAt: number;
  /** Null for calls stored before nodes were told apart. */
  nodeId: string | null;
  /** The teller in the call now. */
  tellerId: string;
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

  /**
   * Ends the call if `nodeId` still holds it (or nobody was named); false when another node took
   * it over (the call went on there) or it had ended already, and nothing is written.
   */
  async end(id: string, at: number, reason: string, nodeId: string): Promise<boolean> {
    const ended = await this.db
      .updateTable('calls')
      .set({ ended_at: at, end_reason: reason })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .where((eb) => eb.or([eb('node_id', '=', nodeId), eb('node_id', 'is', null)]))
      .executeTakeFirst();
    if (ended.numUpdatedRows === 0n) return false;
    await this.db
      .updateTable('call_tellers')
      .set({ left_at: at })
      .where('call_id', '=', id)
      .where('left_at', 'is', null)
      .execute();
    return true;
  }

  /**
   * The call moves from `fromNode` (lost) to `toNode`, once: true for the one node whose claim
   * changed the row, false for every other (it ended, or another node took it first).
   */
  async claim(id: string, fromNode: string, toNode: string): Promise<boolean> {
    const moved = await this.db
      .updateTable('calls')
      .set({ node_id: toNode })
      .where('id', '=', id)
      .where('node_id', '=', fromNode)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return moved.numUpdatedRows > 0n;
  }

  /** The call if it is open. */
  async open(id: string): Promise<OpenCall | undefined> {
    return this.#open().where('calls.id', '=', id).executeTakeFirst();
  }

  /** The open call of a ticket, if any. */
  async openOfTicket(ticketId: string): Promise<OpenCall | undefined> {
    return this.#open().where('calls.ticket_id', '=', ticketId).executeTakeFirst();
  }

  /** The open call a teller is in now, if any. */
  async openOfTeller(tellerId: string): Promise<OpenCall | undefined> {
    return this.#open().where('call_tellers.teller_id', '=', tellerId).executeTakeFirst();
  }

  /** Open calls held by other nodes than `nodeId`, each once (a hand-over lists two tellers). */
  async openHeldElsewhere(nodeId: string): Promise<OpenCall[]> {
    const rows = await this.#open()
      .where('calls.node_id', 'is not', null)
      .where('calls.node_id', '!=', nodeId)
      .execute();
    return [...new Map(rows.map((row) => [row.id, row])).values()];
  }

  #open() {
    return this.db
      .selectFrom('calls')
      .innerJoin('call_tellers', 'call_tellers.call_id', 'calls.id')
      .select([
        'calls.id as id',
        'calls.ticket_id as ticketId',
        'calls.started_at as startedAt',
        'calls.node_id as nodeId',
        'call_tellers.teller_id as tellerId',
      ])
      .where('calls.ended_at', 'is', null)
      .where('call_tellers.left_at', 'is', null)
      .orderBy('calls.started_at', 'desc');
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
