import type { Config } from '../platform/config.js';
import { RouterLinkHttpEndpoint } from '../platform/media/router-link/router-link-http-endpoint.js';
import { linkPost } from '../platform/media/router-link/link-post.js';
import {
  RouterLinkPeers,
  type RouterLinkPeersOptions,
} from '../platform/media/router-link/router-link-peers.js';
import { clusterSecret } from '../platform/secrets.js';

export interface RouterLinkDeps {
  /** The cluster's live nodes (the heartbeat list), read at each lookup. */
  nodes: RouterLinkPeersOptions['nodes'];
  findRouter: RouterLinkPeersOptions['findRouter'];
  /** The address the media workers bind (loopback or every interface). */
  listenIp: string;
  /** This node's TLS certificate: its peers serve the same one, or one the public CAs sign. */
  trust: string;
}

/**
 * This node's router links (README, "Media across nodes"): with SKYTELLER_CLUSTER_SECRET_FILE,
 * the peers registry and the endpoint the other nodes call; without it, neither (one node).
 * The pipe transports bind where the WebRTC servers do and announce the same address: the
 * announced IP is where every browser reaches this node's media, so the other nodes, at least
 * as close, reach it there too; SKYTELLER_PIPE_PORTS keeps them out of the WebRTC ports.
 */
export function routerLinksFor(
  config: Config,
  deps: RouterLinkDeps,
): { peers: RouterLinkPeers; endpoint: RouterLinkHttpEndpoint } | undefined {
  const { secretFile, pipePorts } = config.routerLinks;
  if (!secretFile) return undefined;
  const secret = clusterSecret(secretFile);
  const peers = new RouterLinkPeers({
    nodeId: config.nodeId,
    secret,
    nodes: deps.nodes,
    findRouter: deps.findRouter,
    listenInfo: {
      protocol: 'udp',
      ip: deps.listenIp,
      announcedAddress: config.announcedIp,
      portRange: pipePorts,
    },
    post: linkPost(deps.trust),
  });
  const endpoint = new RouterLinkHttpEndpoint({ secret, channelFor: (nodeId) => peers.channelFor(nodeId) });
  return { peers, endpoint };
}
