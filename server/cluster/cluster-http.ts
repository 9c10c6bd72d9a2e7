import express from 'express';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { Callers } from '../identity/index.js';
import { bindRoute } from '../platform/http/route-binder.js';
import type { ClusterNodeStore } from './cluster-node-store.js';
import { isLive } from './rules/node-liveness.js';

/** GET /api/cluster: every node's last report, and whether it is still reporting. */
export function clusterRoutes(deps: {
  cluster: { store: ClusterNodeStore; nodeId: string; heartbeatMs: number };
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
  return router;
}
