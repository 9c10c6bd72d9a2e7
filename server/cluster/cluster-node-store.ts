import type { Db } from '../platform/database/database.js';

/** One node's report of itself, as its heartbeat writes it. */
export interface NodeReport {
  id: string;
  url: string;
  pid: number;
  leader: boolean;
  routers: number;
  liveCalls: number;
  cpuPercent: number;
  eventLoopLagMs: number;
  startedAt: number;
  lastSeenAt: number;
}

interface Row {
  id: string;
  url: string;
  pid: number;
  leader: 0 | 1;
  routers: number;
  live_calls: number;
  cpu_percent: number;
  event_loop_lag_ms: number;
  started_at: number;
  last_seen_at: number;
}

/** The nodes sharing this store, each as it last reported itself. */
export class ClusterNodeStore {
  constructor(private readonly db: Db) {}

  /** Writes the node's row, replacing its previous report (a restarted node keeps its id). */
  report(node: NodeReport): void {
    this.db
      .prepare(
        `INSERT INTO cluster_nodes (id, url, pid, leader, routers, live_calls, cpu_percent, event_loop_lag_ms,
           started_at, last_seen_at)
         VALUES (@id, @url, @pid, @leader, @routers, @liveCalls, @cpuPercent, @eventLoopLagMs, @startedAt, @lastSeenAt)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, pid = excluded.pid, leader = excluded.leader,
           routers = excluded.routers, live_calls = excluded.live_calls, cpu_percent = excluded.cpu_percent,
           event_loop_lag_ms = excluded.event_loop_lag_ms, started_at = excluded.started_at,
           last_seen_at = excluded.last_seen_at`,
      )
      .run({ ...node, leader: node.leader ? 1 : 0 });
  }

  /** A node that stops cleanly leaves the list. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM cluster_nodes WHERE id = ?').run(id);
  }

  list(): NodeReport[] {
    const rows = this.db.prepare('SELECT * FROM cluster_nodes ORDER BY id').all() as Row[];
    return rows.map((row) => ({
      id: row.id,
      url: row.url,
      pid: row.pid,
      leader: row.leader === 1,
      routers: row.routers,
      liveCalls: row.live_calls,
      cpuPercent: row.cpu_percent,
      eventLoopLagMs: row.event_loop_lag_ms,
      startedAt: row.started_at,
      lastSeenAt: row.last_seen_at,
    }));
  }
}
