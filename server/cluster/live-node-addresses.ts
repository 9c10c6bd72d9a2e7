import type { NodeReport } from './cluster-node-store.js';
import { HEARTBEAT_MS } from './node-heartbeat.js';
import { isLive } from './rules/node-liveness.js';

/** The nodes whose heartbeat is recent, by id and own URL: who this node may link routers with. */
export function liveNodeAddresses(
  nodes: readonly NodeReport[],
  now: number,
  heartbeatMs = HEARTBEAT_MS,
): { id: string; url: string }[] {
  return nodes
    .filter((node) => isLive(node.lastSeenAt, now, heartbeatMs))
    .map(({ id, url }) => ({ id, url }));
}
