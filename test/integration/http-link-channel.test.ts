import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpLinkChannel,
  ROUTER_LINK_PATH,
} from '../../server/platform/media/router-link/http-link-channel.js';
import { RouterLinkHttpEndpoint } from '../../server/platform/media/router-link/router-link-http-endpoint.js';
import { LINK_SECRET } from '../support/router-link-node.js';
import { waitFor } from '../support/wait.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A bare HTTP server whose router link endpoint a test can swap, as a restarted node would. */
async function peerServer(endpoint: { current: RouterLinkHttpEndpoint }) {
  const server = http.createServer((req, res) => {
    if (req.url === ROUTER_LINK_PATH) void endpoint.current.handle(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  closers.push(() => (server.listening ? stop() : undefined));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop };
}

function channelTo(url: string) {
  const channel = new HttpLinkChannel({
    nodeId: 'node-b',
    peerUrl: url,
    secret: LINK_SECRET,
    timeoutMs: 1000,
    pingIntervalMs: 100,
    missedPings: 3,
  });
  closers.push(() => channel.close());
  let down: Error | undefined;
  channel.on('down', (error) => (down = error));
  return { channel, down: () => down };
}

const endpoint = (channelFor: () => HttpLinkChannel | undefined = () => undefined) =>
  new RouterLinkHttpEndpoint({ secret: LINK_SECRET, channelFor });

describe('HttpLinkChannel', () => {
  it('stays up while the peer answers pings, and counts it gone once it stops answering', async () => {
    const peer = await peerServer({ current: endpoint() });
    const { channel, down } = channelTo(peer.url);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(down()).toBeUndefined();
    await peer.stop();
    await waitFor(() => down() !== undefined, 10_000);
    expect(channel.isDown).toBe(true);
    await expect(channel.request('link.close', { linkId: 'x' })).rejects.toMatchObject({ code: 'peer_down' });
  });

  it('counts a peer that restarted as gone: its links died with the old process', async () => {
    const current = { current: endpoint() };
    const peer = await peerServer(current);
    const { down } = channelTo(peer.url);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(down()).toBeUndefined();
    current.current = endpoint();
    await waitFor(() => down() !== undefined, 10_000);
    expect(down()!.message).toBe('the peer restarted');
  });

  it('follows a peer that already counts this node as gone', async () => {
    const theirs = new HttpLinkChannel({
      nodeId: 'node-a',
      peerUrl: 'http://127.0.0.1:9',
      secret: LINK_SECRET,
      pingIntervalMs: 0,
    });
    theirs.close();
    const peer = await peerServer({ current: endpoint(() => theirs) });
    const { down } = channelTo(peer.url);
    await waitFor(() => down() !== undefined, 10_000);
    expect(down()!.message).toBe('the peer counts this node as gone');
  });

  it('carries a peer’s error code back to the caller, without counting the peer gone', async () => {
    const theirs = new HttpLinkChannel({
      nodeId: 'node-a',
      peerUrl: 'http://127.0.0.1:9',
      secret: LINK_SECRET,
      pingIntervalMs: 0,
    });
    const peer = await peerServer({ current: endpoint(() => theirs) });
    const { channel } = channelTo(peer.url);
    // The peer serves no router links yet: its channel has no handler.
    await expect(channel.request('link.pipe', { linkId: 'x', producerId: 'y' })).rejects.toMatchObject({
      code: 'link_not_found',
    });
    expect(channel.isDown).toBe(false);
    theirs.close();
  });
});
