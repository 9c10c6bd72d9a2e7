// What other features may use of this one: the nodes of a deployment, each reporting itself.
export { clusterRoutes, type ClusterRoutesDeps } from './cluster-http.js';
export { ClusterNodeStore } from './cluster-node-store.js';
export { liveNodeAddresses } from './live-node-addresses.js';
export { HEARTBEAT_MS, NodeHeartbeat } from './node-heartbeat.js';
export { NodeLoss } from './node-loss.js';
export { healthzProbe } from './node-probe.js';
export { nodesForCalls } from './rules/call-placement.js';
export { drainState, movesOnDrain, type DrainedPage } from './rules/drain.js';
