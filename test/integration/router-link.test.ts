import type { types } from 'mediasoup';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_CODECS } from '../../server/platform/media/media-codecs.js';
import { InMemoryLinkChannel } from '../../server/platform/media/router-link/in-memory-link-channel.js';
import { RouterLinkError } from '../../server/platform/media/router-link/router-link-error.js';
import { RouterLinkPeer } from '../../server/platform/media/router-link/router-link-peer.js';
import { WorkerPool } from '../../server/platform/media/worker-pool.js';
import { createLogger } from '../../server/platform/observability/logger.js';
import { consumersOn, transportsOf } from '../support/router-dump.js';
import { PIPE_PORTS } from '../support/router-link-node.js';
import { countRtp, type RtpCounter } from '../support/rtp-counter.js';
import { killAllSenders, startSyntheticSender, type SyntheticSender } from '../support/rtp-sender.js';
import { waitFor } from '../support/wait.js';

const listenInfo: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1', portRange: PIPE_PORTS };

let pool: WorkerPool;
/** "Node A": the call's router, fed by a real FFmpeg RTP source. */
let routerA: types.Router;
/** "Node B": another worker's router, reached only through the link. */
let routerB: types.Router;
let sender: SyntheticSender;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  // Two workers: the pool puts the second router on the other (least-loaded) worker.
  pool = await WorkerPool.create({
    size: 2,
    listenIp: '127.0.0.1',
    announcedIp: '127.0.0.1',
    basePort: 0,
    logger: createLogger('silent'),
  });
  routerA = (await pool.createRouter(MEDIA_CODECS)).router;
  routerB = (await pool.createRouter(MEDIA_CODECS)).router;
  sender = await startSyntheticSender(routerA);
  await sender.flowing();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
afterAll(() => {
  killAllSenders();
  pool?.close();
});

/** Two nodes' peers joined by an in-memory channel; B may pipe from router A only. */
function linkedNodes() {
  const [toB, toA] = InMemoryLinkChannel.pair();
  const peerA = new RouterLinkPeer({
    channel: toB,
    findRouter: (id) => (id === routerA.id ? routerA : undefined),
    listenInfo,
  });
  const peerB = new RouterLinkPeer({ channel: toA, findRouter: () => undefined, listenInfo });
  cleanups.push(() => {
    peerB.close();
    peerA.close();
  });
  return { peerA, peerB, channel: toB };
}

async function receive(producerId: string): Promise<RtpCounter> {
  const counter = await countRtp(routerB, producerId);
  cleanups.push(counter.close);
  return counter;
}

describe('a router link between two workers over explicit pipe transports', () => {
  it('carries real RTP from a producer on A to a consumer on B, over SRTP with RTX', async () => {
    const { peerB } = linkedNodes();
    const pipes: types.PipeTransport[] = [];
    const collect = (transport: types.Transport) => pipes.push(transport as types.PipeTransport);
    routerA.observer.once('newtransport', collect);
    routerB.observer.once('newtransport', collect);
    const link = await peerB.link(routerB, routerA.id, {
      enableRtx: true,
      enableSrtp: true,
    });
    const video = await link.pipe(sender.video.id);
    const audio = await link.pipe(sender.audio.id);
    expect(video).toMatchObject({ id: sender.video.id, kind: 'video', type: 'simple', paused: false });
    expect(audio).toMatchObject({ id: sender.audio.id, kind: 'audio' });
    // Each side made its own pipe transport, in the test port range, with SRTP.
    expect(pipes.map((t) => t.type)).toEqual(['pipe', 'pipe']);
    for (const pipe of pipes) {
      expect(pipe.tuple.localPort).toBeGreaterThanOrEqual(PIPE_PORTS.min);
      expect(pipe.tuple.localPort).toBeLessThanOrEqual(PIPE_PORTS.max);
      expect(pipe.srtpParameters).toBeDefined();
    }
    const videoOnB = await receive(video.id);
    const audioOnB = await receive(audio.id);
    await waitFor(() => videoOnB.packets() >= 30 && audioOnB.packets() >= 50, 20_000);
    const [stats] = await video.getStats();
    expect(stats!.packetCount).toBeGreaterThanOrEqual(videoOnB.packets());
  });

  it('follows the source producer pausing and resuming on A', async () => {
    const { peerB } = linkedNodes();
    const link = await peerB.link(routerB, routerA.id);
    const audio = await link.pipe(sender.audio.id);
    const onB = await receive(audio.id);
    await waitFor(() => onB.packets() > 10, 20_000);
    await sender.audio.pause();
    try {
      await waitFor(() => audio.paused, 5000);
      // Let datagrams sent before the pause drain through a busy event loop first.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const before = onB.packets();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(onB.packets()).toBe(before);
    } finally {
      await sender.audio.resume();
    }
    await waitFor(() => !audio.paused, 5000);
    const resumedFrom = onB.packets();
    await waitFor(() => onB.packets() > resumedFrom + 20, 20_000);
  });

  it('closing a piped producer on B stops the pipe consumer on A', async () => {
    const { peerB } = linkedNodes();
    const link = await peerB.link(routerB, routerA.id);
    const before = await consumersOn(routerA, sender.video.id);
    const video = await link.pipe(sender.video.id);
    expect(await consumersOn(routerA, sender.video.id)).toBe(before + 1);
    video.close();
    await waitFor(async () => (await consumersOn(routerA, sender.video.id)) === before, 5000);
    expect(link.closed).toBe(false);
  });

  it('closing the link closes both pipe transports and the piped producers', async () => {
    const { peerA, peerB } = linkedNodes();
    const transportsA = await transportsOf(routerA);
    const link = await peerB.link(routerB, routerA.id);
    const video = await link.pipe(sender.video.id);
    expect(await transportsOf(routerA)).toBe(transportsA + 1);
    expect(peerA.linkCount).toBe(1);
    link.close();
    expect(video.closed).toBe(true);
    expect(await transportsOf(routerB)).toBe(0);
    await waitFor(async () => (await transportsOf(routerA)) === transportsA, 5000);
    expect(peerA.linkCount).toBe(0);
    expect(peerB.linkCount).toBe(0);
  });

  it('the peer going away closes B’s side and A’s side without a word between them', async () => {
    const { peerA, peerB, channel } = linkedNodes();
    const transportsA = await transportsOf(routerA);
    const link = await peerB.link(routerB, routerA.id);
    const audio = await link.pipe(sender.audio.id);
    channel.cut();
    expect(link.closed).toBe(true);
    expect(audio.closed).toBe(true);
    expect(await transportsOf(routerB)).toBe(0);
    expect(await transportsOf(routerA)).toBe(transportsA);
    expect(peerA.linkCount + peerB.linkCount).toBe(0);
    await expect(peerB.link(routerB, routerA.id)).rejects.toBeInstanceOf(RouterLinkError);
  });

  it('refuses malformed requests, unknown routers and producers with a stable code, and leaves nothing open', async () => {
    const { peerB, channel } = linkedNodes();
    // `channel` is A's end: what it sends, B's peer checks before acting.
    await expect(channel.request('producer.close', { linkId: 7 } as never)).rejects.toMatchObject({
      code: 'bad_request',
    });
    await expect(channel.request('no.such' as never, {} as never)).rejects.toMatchObject({
      code: 'bad_request',
    });
    await expect(peerB.link(routerB, 'no-such-router')).rejects.toMatchObject({ code: 'router_not_found' });
    expect(await transportsOf(routerB)).toBe(0);
    const link = await peerB.link(routerB, routerA.id);
    await expect(link.pipe('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'producer_not_found',
    });
  });

  // Last: it closes the sender's audio producer for good.
  it('the source producer closing on A closes the piped producer on B', async () => {
    const { peerB } = linkedNodes();
    const link = await peerB.link(routerB, routerA.id);
    const audio = await link.pipe(sender.audio.id);
    const onB = await receive(audio.id);
    await waitFor(() => onB.packets() > 10, 20_000);
    const closedOnB = new Promise<void>((resolve) => audio.observer.once('close', () => resolve()));
    sender.audio.close();
    await closedOnB;
    await waitFor(() => onB.consumer.closed, 5000);
    expect(link.closed).toBe(false);
  });
});
