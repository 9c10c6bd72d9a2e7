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
  let best: PlacementCandidate | undefined;
  for (const node of nodes) {
    if (node.draining || !isLive(node.lastSeenAt, now, heartbeatMs)) continue;
    if (!best || lighter(node, best)) best = node;
  }
  return best?.id;
}

function lighter(a: PlacementCandidate, b: PlacementCandidate): boolean {
  if (a.liveCalls !== b.liveCalls) return a.liveCalls < b.liveCalls;
  if (a.cpuPercent !== b.cpuPercent) return a.cpuPercent < b.cpuPercent;
  return a.id < b.id;
}
