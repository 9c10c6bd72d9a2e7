import type { Kysely, Selectable } from 'kysely';
import type { ClusterNodesTable, Schema } from '../platform/database/schema.js';

/** One node's report of itself, as its heartbeat writes it. */
export interface NodeReport {
  id: string;
  url: string;
  pid: number;
  leader: boolean;
  /** Stopping (SIGTERM): it finishes or moves what it has and takes nothing new (README, "Deployment"). */
  draining: boolean;
  routers: number;
  liveCalls: number;
  cpuPercent: number;
  eventLoopLagMs: number;
  startedAt: number;
  lastSeenAt: number;
}

/**
 * The nodes sharing this database, each as it last reported itself. On the
 * shared query layer (README, "Database"): with SKYTELLER_DATABASE_URL every
 * node of the cluster reads and writes the same list.
 */
export class ClusterNodeStore {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Writes the node's row, replacing its previous report (a restarted node keeps its id). */
  async report(node: NodeReport): Promise<void> {
    const { id } = node;
    const replaced = {
      url: node.url,
      pid: node.pid,
      leader: node.leader ? 1 : 0,
      draining: node.draining ? 1 : 0,
      routers: node.routers,
      live_calls: node.liveCalls,
      cpu_percent: node.cpuPercent,
      event_loop_lag_ms: node.eventLoopLagMs,
      started_at: node.startedAt,
      last_seen_at: node.lastSeenAt,
    };
    await this.db
      .insertInto('cluster_nodes')
      .values({ id, ...replaced })
      // Both dialects speak ON CONFLICT: one statement, however many nodes write at once.
      .onConflict((conflict) => conflict.column('id').doUpdateSet(replaced))
      .execute();
  }

  /** A node that stops cleanly leaves the list. */
  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('cluster_nodes').where('id', '=', id).execute();
  }

  /** Nodes not heard from since `before` leave the list; how many did. */
  async forgetSilentSince(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('cluster_nodes')
      .where('last_seen_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async list(): Promise<NodeReport[]> {
    const rows = await this.db.selectFrom('cluster_nodes').selectAll().orderBy('id').execute();
    return rows.map(fromRow);
  }
}

function fromRow(row: Selectable<ClusterNodesTable>): NodeReport {
  return {
    id: row.id,
    url: row.url,
    pid: row.pid,
    leader: row.leader === 1,
    draining: row.draining === 1,
    routers: row.routers,
    liveCalls: row.live_calls,
    cpuPercent: row.cpu_percent,
    eventLoopLagMs: row.event_loop_lag_ms,
    startedAt: row.started_at,
    lastSeenAt: row.last_seen_at,
  };
}
