import express from 'express';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { Callers } from '../identity/index.js';
import { bindRoute } from '../platform/http/route-binder.js';
import type { ClusterNodeStore } from './cluster-node-store.js';
import { placeDesk } from './rules/desk-placement.js';
import { isLive } from './rules/node-liveness.js';

export interface ClusterRoutesDeps {
  store: ClusterNodeStore;
  nodeId: string;
  heartbeatMs: number;
  /** SKYTELLER_DATABASE_URL is set: the node list is every node's, not this node's alone. */
  shared: boolean;
}

/**
 * GET /api/cluster: every node's last report, and whether it is still reporting.
 * GET /api/cluster/placement: where a teller's desk connects, by load.
 */
export function clusterRoutes(deps: {
  cluster: ClusterRoutesDeps;
  callers: Callers;
  clock: () => number;
}): express.Router {
  const router = express.Router();
  bindRoute(router, restRoutes.cluster, {
    caller: (req) => deps.callers.requireStaff(req, 'cluster.read'),
    handle: async () => {
      const { store, nodeId, heartbeatMs } = deps.cluster;
      const listed = await store.list();
      const now = deps.clock();
      return {
        thisNode: nodeId,
        nodes: listed.map((node) => ({
          id: node.id,
          url: node.url,
          pid: node.pid,
          leader: node.leader,
          draining: node.draining,
          live: isLive(node.lastSeenAt, now, heartbeatMs),
          startedAt: node.startedAt,
          lastSeenAt: node.lastSeenAt,
          liveCalls: node.liveCalls,
          load: { routers: node.routers, cpuPercent: node.cpuPercent, eventLoopLagMs: node.eventLoopLagMs },
        })),
      };
    },
  });
  bindRoute(router, restRoutes.clusterPlacement, {
    caller: (req) => deps.callers.requireStaff(req, 'queue.serve'),
    handle: async () => {
      const { store, nodeId, heartbeatMs, shared } = deps.cluster;
      // Without the shared database this node lists only itself: nothing to choose between.
      if (!shared) return { nodeId: null };
      const candidates = (await store.list()).map((node) => ({
        id: node.id,
        lastSeenAt: node.lastSeenAt,
        draining: node.draining,
        liveCalls: node.liveCalls,
        cpuPercent: node.cpuPercent,
      }));
      return { nodeId: placeDesk(candidates, nodeId, deps.clock(), heartbeatMs) };
    },
  });
  return router;
}
