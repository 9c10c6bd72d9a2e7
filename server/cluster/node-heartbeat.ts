import type { LeaderStatus } from '../platform/cluster/leader-status.js';
import type { ProcessLoad } from '../platform/cluster/process-load.js';
import type { ClusterNodeStore, NodeReport } from './cluster-node-store.js';

/** How often a node reports itself: GET /api/cluster is at most this stale. */
export const HEARTBEAT_MS = 5_000;

/**
 * A node killed rather than stopped leaves its row behind, listed as not live so that people
 * see it died. After a day nobody needs telling: any node's beat then removes it.
 */
export const FORGET_SILENT_NODE_MS = 24 * 60 * 60 * 1000;

/** How long a stopping node waits for its row to go: a database that does not answer must not hold the stop. */
const REMOVE_TIMEOUT_MS = 3_000;

export interface NodeHeartbeatDeps {
  store: Pick<ClusterNodeStore, 'report' | 'remove' | 'list' | 'forgetSilentSince'>;
  nodeId: string;
  pid: number;
  leader: LeaderStatus;
  /** Whether the node is stopping (SIGTERM): placement skips it, `GET /api/cluster` shows it. */
  draining: () => boolean;
  /** What the node holds now. */
  holdings: () => { routers: number; liveCalls: number };
  processLoad: () => ProcessLoad;
  clock: () => number;
  /** A write or read that failed: the node carries on, and the next beat tries again. */
  onError: (error: unknown, action: 'report' | 'remove') => void;
  everyMs?: number;
  removeTimeoutMs?: number;
}

/**
 * Writes this node's row at start and every few seconds, reads the cluster's
 * list back each time (kept as `nodes`, for lookups that cannot wait on the
 * database), and removes the row when the node stops cleanly.
 */
export class NodeHeartbeat {
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;
  #stopped = false;
  #nodes: readonly NodeReport[] = [];
  /** Where this node answers itself: known once it listens, given to `start`. */
  #url: string | undefined;
  readonly #startedAt: number;

  constructor(private readonly deps: NodeHeartbeatDeps) {
    this.#startedAt = deps.clock();
  }

  get everyMs(): number {
    return this.deps.everyMs ?? HEARTBEAT_MS;
  }

  /** Every node as the last beat read them (this one included once a write went through). */
  get nodes(): readonly NodeReport[] {
    return this.#nodes;
  }

  /**
   * Reports at once (the node is listed when start resolves, if the database
   * answered), then on the timer. Made before the node listens, so that the
   * list can be asked for from the start (empty until then); started once it does.
   */
  async start(url: string): Promise<void> {
    this.#url = url;
    this.#timer = setInterval(() => void this.beat(), this.everyMs).unref();
    await this.beat();
  }

  /**
   * Reports now and reads the list back; also what the timer does. A beat
   * asked for while one is running is that one: on a slow database the writes
   * queue up nowhere. Never rejects.
   */
  beat(): Promise<void> {
    if (this.#stopped || this.#url === undefined) return Promise.resolve();
    this.#beating ??= this.#beat().finally(() => (this.#beating = undefined));
    return this.#beating;
  }

  /** Stops the timer and removes this node's row, within a few seconds whatever the database does. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    const removed = (async () => {
      // After a running write, or that write would put the row back.
      await this.#beating;
      await this.deps.store.remove(this.deps.nodeId);
    })().catch((error: unknown) => this.deps.onError(error, 'remove'));
    const timeoutMs = this.deps.removeTimeoutMs ?? REMOVE_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.deps.onError(new Error(`no answer within ${timeoutMs} ms`), 'remove');
        resolve();
      }, timeoutMs);
    });
    await Promise.race([removed, timedOut]);
    clearTimeout(timer);
  }

  async #beat(): Promise<void> {
    const { deps } = this;
    try {
      await deps.store.report({
        id: deps.nodeId,
        url: this.#url!,
        pid: deps.pid,
        leader: deps.leader.isLeader(),
        draining: deps.draining(),
        ...deps.holdings(),
        ...deps.processLoad(),
        startedAt: this.#startedAt,
        lastSeenAt: deps.clock(),
      });
      await deps.store.forgetSilentSince(deps.clock() - FORGET_SILENT_NODE_MS);
      this.#nodes = await deps.store.list();
    } catch (error) {
      deps.onError(error, 'report');
    }
  }
}
