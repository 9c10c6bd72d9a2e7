import type { Logger } from 'pino';
import { z } from 'zod';
import { CallHandOff, type CallFeature, type CallStore } from '../call/index.js';
import { HEARTBEAT_MS, nodesForCalls, type ClusterNodeStore } from '../cluster/index.js';
import type { CallRecorder } from '../recording/index.js';
import type { NodeRequests } from './node-requests.js';

/** The topic of a draining node's "take this call" among the nodes' `node:request`s. */
const TOPIC = 'call:take';
const nodeId = z.string().min(1).max(64);
const takeRequestSchema = z.strictObject({
  callId: z.string().min(1).max(64),
  fromNode: nodeId,
  toNode: nodeId,
});

/**
 * A draining node's calls go on on other nodes (README, "Deployment"): each node takes a call
 * handed to it over the nodes' bus, and a draining node hands its calls over. Only in a cluster
 * (a shared database and bus): a single node has nowhere to move them, and its drain waits.
 */
export function callHandOffAcrossNodes(deps: {
  nodeId: string;
  calls: Pick<CallFeature, 'failover' | 'registry' | 'lifecycle' | 'bus'>;
  callStore: Pick<CallStore, 'open'>;
  clusterNodes: Pick<ClusterNodeStore, 'list'>;
  recorder: Pick<CallRecorder, 'handOver'>;
  requests: NodeRequests;
  shared: boolean;
  clock: () => number;
  logger: Logger;
}): CallHandOff | undefined {
  if (!deps.shared) return undefined;
  const { calls, requests } = deps;
  requests.serve(TOPIC, async (body) => {
    const request = takeRequestSchema.parse(body);
    if (request.toNode !== deps.nodeId) return null;
    return { taken: await calls.failover.takeFrom(request.callId, request.fromNode) };
  });
  return new CallHandOff({
    registry: calls.registry,
    lifecycle: calls.lifecycle,
    bus: calls.bus,
    nodesForCalls: async () =>
      nodesForCalls(
        (await deps.clusterNodes.list()).filter((node) => node.id !== deps.nodeId),
        deps.clock(),
        HEARTBEAT_MS,
      ),
    askToTake: async (toNode, callId) => {
      await requests.ask(TOPIC, { callId, fromNode: deps.nodeId, toNode });
    },
    holderOf: async (callId) => (await deps.callStore.open(callId))?.nodeId,
    release: (callId) => deps.recorder.handOver(callId),
    logger: deps.logger,
  });
}
