import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../../server/platform/media/media-codecs.js';
import {
  HttpLinkChannel,
  ROUTER_LINK_PATH,
} from '../../server/platform/media/router-link/http-link-channel.js';
import { RouterLinkHttpEndpoint } from '../../server/platform/media/router-link/router-link-http-endpoint.js';
import { RouterLinkPeer } from '../../server/platform/media/router-link/router-link-peer.js';
import { WorkerPool } from '../../server/platform/media/worker-pool.js';
import { createLogger } from '../../server/platform/observability/logger.js';

export const LINK_SECRET = 'router-link-test-secret';
// Pipe transports in the router link tests stay within this range.
export const PIPE_PORTS = { min: 47100, max: 47199 };

export interface LinkNode {
  nodeId: string;
  url: string;
  router: types.Router;
  /** Joins the node at `url` over HTTP; quick pings so a dead peer shows within about a second. */
  connect(peerNodeId: string, peerUrl: string): RouterLinkPeer;
  close(): Promise<void>;
}

/**
 * A media node for the router link tests: one mediasoup worker with one
 * router, and an HTTP server with the router link endpoint, as each
 * Skyteller node will serve it.
 */
export async function startLinkNode(nodeId: string): Promise<LinkNode> {
  const pool = await WorkerPool.create({
    size: 1,
    listenIp: '127.0.0.1',
    announcedIp: '127.0.0.1',
    basePort: 0,
    logger: createLogger('silent'),
  });
  const { router } = await pool.createRouter(MEDIA_CODECS);
  const channels = new Map<string, HttpLinkChannel>();
  const peers: RouterLinkPeer[] = [];
  const endpoint = new RouterLinkHttpEndpoint({ secret: LINK_SECRET, channelFor: (id) => channels.get(id) });
  const server = http.createServer((req, res) => {
    if (req.url === ROUTER_LINK_PATH) void endpoint.handle(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    nodeId,
    url,
    router,
    connect: (peerNodeId, peerUrl) => {
      const channel = new HttpLinkChannel({
        nodeId,
        peerUrl,
        secret: LINK_SECRET,
        timeoutMs: 2000,
        pingIntervalMs: 300,
        missedPings: 3,
      });
      channels.set(peerNodeId, channel);
      const peer = new RouterLinkPeer({
        channel,
        findRouter: (id) => (id === router.id ? router : undefined),
        listenInfo: { protocol: 'udp', ip: '127.0.0.1', portRange: PIPE_PORTS },
      });
      peers.push(peer);
      return peer;
    },
    close: async () => {
      for (const peer of peers) peer.close();
      for (const channel of channels.values()) channel.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      pool.close();
    },
  };
}
