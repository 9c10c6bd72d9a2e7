import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import type { CallFeature } from '../call/index.js';
import { AppError } from '../platform/errors.js';
import { CallRoom } from '../platform/media/call-room.js';
import { MEDIA_CODECS } from '../platform/media/media-codecs.js';
import type { RouterLinkPeers } from '../platform/media/router-link/router-link-peers.js';
import type { WorkerPool } from '../platform/media/worker-pool.js';
import {
  MonitorRelayHost,
  monitorRelayAnswerSchema,
  RemoteMonitors,
  type LiveCallsStore,
  type MonitorRelayAnswer,
  type MonitorRelayRequest,
} from '../supervision/index.js';
import type { NodeRequests } from './node-requests.js';

/** The topic of the supervisors' monitoring requests among the nodes' `node:request`s. */
const TOPIC = 'monitor';

export interface MonitorAcrossNodes {
  /** This node's supervisors monitoring other nodes' calls (the socket routes take it). */
  remote: RemoteMonitors;
  close(): void;
}

/**
 * A supervisor here monitoring a call another node holds (README, "Media across nodes"): asked
 * over the nodes' socket.io bus (Redis), the media through the router links. Only with both (a
 * cluster): on one node every call is this node's.
 */
export function monitorAcrossNodes(deps: {
  nodeId: string;
  calls: Pick<CallFeature, 'monitoring' | 'registry'>;
  pool: WorkerPool;
  routerLinks: RouterLinkPeers | undefined;
  liveCalls: LiveCallsStore;
  shared: boolean;
  requests: NodeRequests;
  logger: Logger;
}): MonitorAcrossNodes | undefined {
  const { routerLinks, calls, pool, nodeId } = deps;
  if (!routerLinks || !deps.shared) return undefined;
  const linkTo = async (peerId: string, router: types.Router, remoteRouterId: string) => {
    const peer = routerLinks.peer(peerId);
    if (!peer) throw new AppError('call_node_unreachable', `node ${peerId} is not a live node`);
    return peer.link(router, remoteRouterId);
  };
  const remote = new RemoteMonitors({
    nodeId,
    ask: (request) => ask(deps.requests, request),
    nodeOfCall: (callId) => deps.liveCalls.nodeOf(callId),
    openRoom: async (callId) => {
      const { router, webRtcServer } = await pool.createRouter(MEDIA_CODECS);
      return new CallRoom(callId, router, webRtcServer);
    },
    linkTo,
    leaveLocal: (supervisorId) => calls.monitoring.disconnected(supervisorId),
    logger: deps.logger,
  });
  const host = new MonitorRelayHost({
    nodeId,
    monitoring: calls.monitoring,
    registry: calls.registry,
    linkTo,
  });
  deps.requests.serve(TOPIC, (body) => host.answer(body));
  return {
    remote,
    close() {
      remote.close();
      host.close();
    },
  };
}

/** Every other node answers; the one the request names with its answer (checked), the rest null. */
async function ask(requests: NodeRequests, request: MonitorRelayRequest): Promise<MonitorRelayAnswer> {
  const replies = await requests.ask(TOPIC, request);
  for (const reply of replies) {
    const parsed = monitorRelayAnswerSchema.safeParse(reply);
    if (parsed.success) return parsed.data;
  }
  throw new Error(`node ${request.nodeId} did not answer`);
}
