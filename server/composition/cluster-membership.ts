import type { Logger } from 'pino';
import { ClusterNodeStore, HEARTBEAT_MS, liveNodeAddresses, NodeHeartbeat } from '../cluster/index.js';
import type { Config } from '../platform/config.js';
import type { SharedDatabase } from '../platform/database/shared-database.js';
import type { LeaderElection } from '../platform/cluster/leader-election.js';
import { createLeaderElection } from '../platform/cluster/leadership.js';
import { ProcessLoadSampler } from '../platform/cluster/process-load.js';
import { routerLinksFor, type RouterLinkDeps } from './router-links.js';

/** This node's place among the nodes (issue 16): its election, its heartbeat, its router links. */
export interface ClusterMembership {
  leadership: LeaderElection;
  clusterNodes: ClusterNodeStore;
  processLoad: ProcessLoadSampler;
  /** Started once this node listens (its URL is in its row). */
  heartbeat: NodeHeartbeat;
  routerLinks: ReturnType<typeof routerLinksFor>;
}

/** The queue leader's election: one node at a time on PostgreSQL; on SQLite this node, at start. */
export function electionFor(
  config: Config,
  database: SharedDatabase,
  clock: () => number,
  logger: Logger,
): LeaderElection {
  const leadership = createLeaderElection({
    database,
    databaseUrl: config.databaseUrl,
    // Recorded with each epoch for the people reading it: which node led.
    nodeId: config.nodeId,
    clock,
  });
  leadership.on('elected', (epoch) => logger.info({ epoch }, 'this node leads the queue'));
  leadership.on('deposed', (reason) => logger.warn({ reason }, 'this node no longer leads the queue'));
  leadership.on('attemptfailed', (error) =>
    // Message only: pg's error may carry its client, whose settings hold the password.
    logger.warn({ reason: error.message }, 'the queue leader election could not reach the database'),
  );
  return leadership;
}

/**
 * The heartbeat row this node keeps in the shared node list (with SKYTELLER_DATABASE_URL every
 * node sees every other), and its router links to the live nodes of that list. The peers look
 * nodes up inside requests, synchronously: they get the list the last heartbeat read.
 */
export function clusterMembership(deps: {
  config: Config;
  database: SharedDatabase;
  leadership: LeaderElection;
  /** Whether this node is stopping (SIGTERM); its heartbeat says so. */
  draining: () => boolean;
  holdings: () => { routers: number; liveCalls: number };
  media: Omit<RouterLinkDeps, 'nodes'>;
  clock: () => number;
  logger: Logger;
}): ClusterMembership {
  const { config, clock, logger } = deps;
  const clusterNodes = new ClusterNodeStore(deps.database.kysely);
  const processLoad = new ProcessLoadSampler();
  const heartbeat = new NodeHeartbeat({
    store: clusterNodes,
    nodeId: config.nodeId,
    pid: process.pid,
    leader: deps.leadership,
    draining: deps.draining,
    holdings: deps.holdings,
    processLoad: () => processLoad.sample(),
    clock,
    // Logged, never thrown: a node whose database hiccups keeps serving, and the next beat tries again.
    onError: (error, action) =>
      logger.warn({ err: error, action }, 'the cluster heartbeat could not reach the database'),
    everyMs: HEARTBEAT_MS,
  });
  // The shared list shows a change of leader at once rather than at the next beat.
  for (const event of ['elected', 'deposed'] as const) deps.leadership.on(event, () => void heartbeat.beat());
  const routerLinks = routerLinksFor(config, {
    ...deps.media,
    nodes: () => liveNodeAddresses(heartbeat.nodes, clock()),
  });
  return { leadership: deps.leadership, clusterNodes, processLoad, heartbeat, routerLinks };
}
