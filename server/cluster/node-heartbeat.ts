import type { LeaderStatus } from '../platform/cluster/leader-status.js';
import type { ProcessLoad } from '../platform/cluster/process-load.js';
import type { ClusterNodeStore } from './cluster-node-store.js';

/** How often a node reports itself: GET /api/cluster is at most this stale. */
export const HEARTBEAT_MS = 5_000;

export interface NodeHeartbeatDeps {
  store: ClusterNodeStore;
  nodeId: string;
  /** Where this node answers itself. */
  url: string;
  pid: number;
  leader: LeaderStatus;
  /** What the node holds now. */
  holdings: () => { routers: number; liveCalls: number };
  processLoad: () => ProcessLoad;
  clock: () => number;
  everyMs?: number;
}

/** Writes this node's row at start and every few seconds, and removes it when the node stops cleanly. */
export class NodeHeartbeat {
  #timer: NodeJS.Timeout | undefined;
  readonly #startedAt: number;

  constructor(private readonly deps: NodeHeartbeatDeps) {
    this.#startedAt = deps.clock();
  }

  get everyMs(): number {
    return this.deps.everyMs ?? HEARTBEAT_MS;
  }

  start(): void {
    this.beat();
    this.#timer = setInterval(() => this.beat(), this.everyMs).unref();
  }

  /** Reports now; also what the timer does. */
  beat(): void {
    const { deps } = this;
    deps.store.report({
      id: deps.nodeId,
      url: deps.url,
      pid: deps.pid,
      leader: deps.leader.isLeader(),
      ...deps.holdings(),
      ...deps.processLoad(),
      startedAt: this.#startedAt,
      lastSeenAt: deps.clock(),
    });
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.deps.store.remove(this.deps.nodeId);
  }
}
