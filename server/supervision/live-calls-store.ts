import type { Kysely } from 'kysely';
import { maskName } from '../../shared/domain/person-name.js';
import type { SupervisorBoard } from '../../shared/contracts/supervisor.js';
import type { Schema } from '../platform/database/schema.js';

type BoardCall = SupervisorBoard['now']['calls'][number];

/**
 * The calls in progress on the other nodes, from the shared store, as the
 * board lists them: a supervisor sees every node's calls wherever its page is.
 */
export class LiveCallsStore {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The node that holds an open call; undefined once it ended (or never was). */
  async nodeOf(callId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('calls')
      .select('node_id')
      .where('id', '=', callId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return row?.node_id ?? undefined;
  }

  /** Open calls held by a node of `nodeIds`, with their current teller. */
  async openOn(nodeIds: readonly string[]): Promise<BoardCall[]> {
    if (nodeIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('calls')
      .innerJoin('tickets', 'tickets.id', 'calls.ticket_id')
      .innerJoin('call_tellers', (join) =>
        join.onRef('call_tellers.call_id', '=', 'calls.id').on('call_tellers.left_at', 'is', null),
      )
      .innerJoin('users', 'users.id', 'call_tellers.teller_id')
      .select([
        'calls.id as callId',
        'calls.service_id as serviceId',
        'calls.started_at as startedAt',
        'calls.node_id as nodeId',
        'tickets.full_name as fullName',
        'users.display_name as teller',
      ])
      .where('calls.ended_at', 'is', null)
      .where('calls.node_id', 'in', [...nodeIds])
      .orderBy('calls.started_at')
      .orderBy('call_tellers.joined_at')
      .execute();
    // A call whose hand-over is under way may have two tellers in it for a moment: the later one is listed.
    const byCall = new Map(rows.map((r) => [r.callId, r]));
    return [...byCall.values()].map((r) => ({
      callId: r.callId,
      serviceId: r.serviceId,
      teller: r.teller,
      customer: maskName(r.fullName),
      startedAt: r.startedAt,
      nodeId: r.nodeId!,
    }));
  }
}
