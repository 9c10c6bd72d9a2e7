import { isLive } from './node-liveness.js';

/** What placement needs to know of a node, as the shared node list holds it. */
export interface PlacementCandidate {
  id: string;
  lastSeenAt: number;
  /** A node stopping (SIGTERM) finishes its calls but takes no new one. */
  draining: boolean;
  /** Calls whose router is on the node, counted from the calls themselves rather than the last heartbeat. */
  liveCalls: number;
  cpuPercent: number;
}

/**
 * Where a new call's router goes: the live, non-draining node with the fewest
 * calls. A call is the unit of media cost (about 1.8 % of a core with its
 * recorder), so counting calls spreads load even before the next heartbeat
 * reports CPU; CPU breaks ties, then the id so every node picks the same one.
 * Undefined when no node can take a call.
 */
export function placeCall(
  nodes: readonly PlacementCandidate[],
  now: number,
  heartbeatMs: number,
): string | undefined {
  return nodesForCalls(nodes, now, heartbeatMs)[0];
}

/**
 * Every node that can take a call, the best place first (as `placeCall` chooses): where a draining
 * node's calls go, each tried in turn until one takes the call.
 */
export function nodesForCalls(
  nodes: readonly PlacementCandidate[],
  now: number,
  heartbeatMs: number,
): string[] {
  return nodes
    .filter((node) => !node.draining && isLive(node.lastSeenAt, now, heartbeatMs))
    .sort(byLoad)
    .map((node) => node.id);
}

function byLoad(a: PlacementCandidate, b: PlacementCandidate): number {
  if (a.liveCalls !== b.liveCalls) return a.liveCalls - b.liveCalls;
  if (a.cpuPercent !== b.cpuPercent) return a.cpuPercent - b.cpuPercent;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
