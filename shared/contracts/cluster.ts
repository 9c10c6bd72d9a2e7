import { z } from 'zod';

/**
 * GET /api/cluster: the nodes that share this deployment's store, as each last
 * reported itself. Times are epoch milliseconds. A schema rather than only a
 * type, so that tools and tests can check what a node answers.
 */
export const clusterNodeSchema = z.strictObject({
  id: z.string().min(1),
  /** Where this node itself answers (not the load balancer). */
  url: z.url(),
  pid: z.int().positive(),
  /** Whether it decides offers (the queue's leader); false on every node until the leader election lands. */
  leader: z.boolean(),
  /** Stopping (SIGTERM): it takes no new call and no new page, and finishes or moves what it has. */
  draining: z.boolean(),
  /** Whether it reported within the last few heartbeats; a node that died stays listed, not live. */
  live: z.boolean(),
  startedAt: z.int(),
  lastSeenAt: z.int(),
  liveCalls: z.int().nonnegative(),
  load: z.strictObject({
    /** mediasoup routers open on the node: one per call in progress there. */
    routers: z.int().nonnegative(),
    /** Share of one core its Node process used over the last heartbeat (mediasoup workers apart). */
    cpuPercent: z.number().nonnegative(),
    /** Its worst event-loop delay over the last heartbeat, in ms. */
    eventLoopLagMs: z.number().nonnegative(),
  }),
});

export const clusterViewSchema = z.strictObject({
  /** The node that answered. */
  thisNode: z.string().min(1),
  nodes: z.array(clusterNodeSchema),
});

export type ClusterNodeView = z.infer<typeof clusterNodeSchema>;
export type ClusterView = z.infer<typeof clusterViewSchema>;

/**
 * GET /api/cluster/placement: the node a teller's desk should connect to, so
 * its calls (held by the teller's node) spread by load (README, "Pages follow
 * their call's node"). Null: the load balancer's choice is as good (one node,
 * no shared database, or no other live node).
 */
export const clusterPlacementSchema = z.strictObject({
  nodeId: z.string().min(1).nullable(),
});

export type ClusterPlacement = z.infer<typeof clusterPlacementSchema>;
