import { placeCall, type PlacementCandidate } from './call-placement.js';
import { isLive } from './node-liveness.js';

/**
 * The node a teller's desk connects to (GET /api/cluster/placement). A call is
 * held by its teller's node, so placing desks by the call placement rule
 * spreads calls by load. Null when `thisNode` is alone among the live nodes, or
 * none can take a call: the load balancer's choice is then as good, and the
 * page stays on the one origin's default path.
 */
export function placeDesk(
  nodes: readonly PlacementCandidate[],
  thisNode: string,
  now: number,
  heartbeatMs: number,
): string | null {
  const othersLive = nodes.some((node) => node.id !== thisNode && isLive(node.lastSeenAt, now, heartbeatMs));
  if (!othersLive) return null;
  return placeCall(nodes, now, heartbeatMs) ?? null;
}
