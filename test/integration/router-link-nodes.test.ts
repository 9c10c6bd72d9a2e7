import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/composition/compose.js';
import type { RouterLinkPeer } from '../../server/platform/media/router-link/router-link-peer.js';
import { ROUTER_LINK_PATH } from '../../server/platform/media/router-link/http-link-channel.js';
import { signLinkRequest } from '../../server/platform/media/router-link/link-signature.js';
import { LINK_SECRET, startLinkNode, type LinkNode } from '../support/router-link-node.js';
import { consumersOn, transportsOf } from '../support/router-dump.js';
import { countRtp } from '../support/rtp-counter.js';
import { startSyntheticSender } from '../support/rtp-sender.js';
import { waitFor } from '../support/wait.js';

interface Ready {
  url: string;
  routerId: string;
  videoId: string;
  audioId: string;
  senderPid: number;
}

/** Node A: another Node process with its own worker, router and FFmpeg source. */
let child: ChildProcess;
let nodeA: Ready;
let command: (message: unknown) => Promise<void>;
/** Node B: this process, as a supervisor's node would be. */
let nodeB: LinkNode;
let peerB: RouterLinkPeer;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'test/support/router-link-node-child.ts'], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('node A ended');
    return JSON.parse(value as string) as unknown;
  };
  nodeA = (await next()) as Ready;
  command = async (message) => {
    child.stdin!.write(`${JSON.stringify(message)}\n`);
    const answer = (await next()) as { error?: string };
    if (answer.error) throw new Error(answer.error);
  };
  nodeB = await startLinkNode('node-b');
  peerB = nodeB.connect('node-a', nodeA.url);
  await command({ connect: { nodeId: 'node-b', url: nodeB.url } });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  // A killed node A leaves its FFmpeg behind.
  if (nodeA?.senderPid) {
    try {
      process.kill(nodeA.senderPid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await nodeB?.close();
});

describe('a router link between two Node processes over HTTP', () => {
  it('carries real RTP from node A’s producer to a consumer on node B', async () => {
    const link = await peerB.link(nodeB.router, nodeA.routerId);
    const video = await link.pipe(nodeA.videoId);
    expect(video).toMatchObject({ id: nodeA.videoId, kind: 'video' });
    const onB = await countRtp(nodeB.router, video.id);
    try {
      await waitFor(() => onB.packets() >= 30, 20_000);
    } finally {
      onB.close();
    }
    link.close();
  });

  it('node A closing its producer closes the piped producer on node B', async () => {
    const link = await peerB.link(nodeB.router, nodeA.routerId);
    const audio = await link.pipe(nodeA.audioId);
    const closed = new Promise<void>((resolve) => audio.observer.once('close', () => resolve()));
    await command({ closeAudio: true });
    await closed;
    expect(link.closed).toBe(false);
    link.close();
  });

  it('node A refuses requests not signed with the cluster secret, and nodes it has no channel to', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(new URL(ROUTER_LINK_PATH, nodeA.url), { method: 'POST', headers, body });
    const body = JSON.stringify({ method: 'link.close', data: { linkId: 'x' } });
    const time = Date.now();
    const forged = await post(
      {
        'x-skyteller-node': 'node-b',
        'x-skyteller-time': String(time),
        'x-skyteller-signature': signLinkRequest('guess', 'node-b', time, body),
      },
      body,
    );
    expect(forged.status).toBe(401);
    const stale = await post(
      {
        'x-skyteller-node': 'node-b',
        'x-skyteller-time': String(time - 60_000),
        'x-skyteller-signature': signLinkRequest(LINK_SECRET, 'node-b', time - 60_000, body),
      },
      body,
    );
    expect(stale.status).toBe(401);
    const stranger = await post(
      {
        'x-skyteller-node': 'node-c',
        'x-skyteller-time': String(time),
        'x-skyteller-signature': signLinkRequest(LINK_SECRET, 'node-c', time, body),
      },
      body,
    );
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toMatchObject({ error: { code: 'link_not_found' } });
  });

  it('node A dying (SIGKILL) closes node B’s side of every link with it within seconds', async () => {
    // B imports A's video, and A imports a producer of B's: B holds both halves.
    const link = await peerB.link(nodeB.router, nodeA.routerId);
    const video = await link.pipe(nodeA.videoId);
    const sender = await startSyntheticSender(nodeB.router);
    try {
      await command({ pipeFrom: { routerId: nodeB.router.id, producerId: sender.audio.id } });
      expect(peerB.linkCount).toBe(2);
      // The sender feeds B's router through two plain transports; the rest are pipes.
      const pipeTransportsOnB = async () => (await transportsOf(nodeB.router)) - 2;
      expect(await pipeTransportsOnB()).toBe(2);
      child.kill('SIGKILL');
      await waitFor(() => link.closed && peerB.linkCount === 0, 10_000);
      expect(video.closed).toBe(true);
      expect(await pipeTransportsOnB()).toBe(0);
      expect(await consumersOn(nodeB.router, sender.audio.id)).toBe(0);
    } finally {
      await sender.stop();
    }
  });
});
