import type { ClusterNodeStore } from './cluster-node-store.js';
import type { NodeProbe } from './node-probe.js';
import { isLive } from './rules/node-liveness.js';

export interface NodeLossDeps {
  store: Pick<ClusterNodeStore, 'list'>;
  probe: NodeProbe;
  clock: () => number;
  heartbeatMs: number;
}

/**
 * Whether a node is lost, asked when a page of one of its calls turns up
 * elsewhere. Its heartbeat alone would take three beats (15 s) to tell; the
 * page's own disconnection is the early sign, so the node is asked directly:
 * a node that does not answer, or answers as another process (it restarted
 * and ended its calls), is lost. A node missing from the list, or silent for
 * three beats, is lost without asking.
 */
export class NodeLoss {
  constructor(private readonly deps: NodeLossDeps) {}

  /**
   * Whether a node's heartbeat has stopped (three beats) or its row is gone: no probe, so a node
   * too busy to answer one in time is never taken for lost by someone who has no page of its.
   */
  async isSilent(nodeId: string): Promise<boolean> {
    return (await this.#beating(nodeId)) === undefined;
  }

  async isLost(nodeId: string): Promise<boolean> {
    const node = await this.#beating(nodeId);
    return node === undefined || (await this.deps.probe(node.url)) !== node.pid;
  }

  /** The node's row while its heartbeat goes on; undefined when it stopped or the row is gone. */
  async #beating(nodeId: string) {
    const node = (await this.deps.store.list()).find((n) => n.id === nodeId);
    return node && isLive(node.lastSeenAt, this.deps.clock(), this.deps.heartbeatMs) ? node : undefined;
  }
}
