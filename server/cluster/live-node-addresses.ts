import type { ClusterNodeStore } from './cluster-node-store.js';
import { HEARTBEAT_MS } from './node-heartbeat.js';
import { isLive } from './rules/node-liveness.js';

/** The nodes whose heartbeat is recent, by id and own URL: who this node may link routers with. */
export function liveNodeAddresses(
  store: ClusterNodeStore,
  now: number,
  heartbeatMs = HEARTBEAT_MS,
): { id: string; url: string }[] {
  return store
    .list()
    .filter((node) => isLive(node.lastSeenAt, now, heartbeatMs))
    .map(({ id, url }) => ({ id, url }));
}
