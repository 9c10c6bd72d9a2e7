import { describe, expect, it } from 'vitest';
import type { LinkPost } from './link-post.js';
import { RouterLinkPeers } from './router-link-peers.js';

const unreachable: LinkPost = () => Promise.reject(new Error('connection refused'));

function peersWith(post: LinkPost, clock: { now: number }, nodes = [{ id: 'node-b', url: 'https://b:1' }]) {
  return new RouterLinkPeers({
    nodeId: 'node-a',
    secret: 'secret',
    nodes: () => nodes,
    findRouter: () => undefined,
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    post,
    channel: { pingIntervalMs: 0, missedPings: 1 },
    downHoldMs: 10_000,
    now: () => clock.now,
  });
}

describe('RouterLinkPeers', () => {
  it('makes one channel per live node when first asked, and none for itself or a node not listed', () => {
    const peers = peersWith(unreachable, { now: 0 });
    expect(peers.peer('node-a')).toBeUndefined();
    expect(peers.channelFor('node-z')).toBeUndefined();
    expect(peers.size).toBe(0);
    const peer = peers.peer('node-b');
    expect(peer).toBeDefined();
    expect(peers.peer('node-b')).toBe(peer);
    expect(peers.channelFor('node-b')?.isDown).toBe(false);
    expect(peers.size).toBe(1);
    peers.close();
  });

  it('holds a gone peer’s channel (its pings get peer_down), then replaces it', async () => {
    const clock = { now: 1_000 };
    const peers = peersWith(unreachable, clock);
    const first = peers.channelFor('node-b')!;
    await expect(first.request('peer.ping', {})).rejects.toMatchObject({ code: 'peer_unreachable' });
    expect(first.isDown).toBe(true);
    // Within the hold: no new links, and the endpoint still finds the down channel.
    clock.now += 9_999;
    expect(peers.peer('node-b')).toBeUndefined();
    expect(peers.channelFor('node-b')).toBe(first);
    // After it: a fresh channel, up.
    clock.now += 2;
    const second = peers.channelFor('node-b');
    expect(second).not.toBe(first);
    expect(second?.isDown).toBe(false);
    expect(peers.peer('node-b')).toBeDefined();
    peers.close();
  });

  it('drops a gone peer that left the node list once the hold is over', async () => {
    const clock = { now: 0 };
    const nodes = [{ id: 'node-b', url: 'https://b:1' }];
    const peers = peersWith(unreachable, clock, nodes);
    await peers
      .channelFor('node-b')!
      .request('peer.ping', {})
      .catch(() => undefined);
    nodes.length = 0;
    clock.now = 20_000;
    expect(peers.channelFor('node-b')).toBeUndefined();
    expect(peers.size).toBe(0);
  });

  it('closes every channel and opens none after close()', () => {
    const peers = peersWith(unreachable, { now: 0 });
    const channel = peers.channelFor('node-b')!;
    peers.close();
    expect(channel.isDown).toBe(true);
    expect(peers.size).toBe(0);
    expect(peers.peer('node-b')).toBeUndefined();
  });
});
