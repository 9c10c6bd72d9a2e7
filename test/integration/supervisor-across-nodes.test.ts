// Two servers on one PostgreSQL and one Redis with the cluster secret and one certificate, as a
// cluster runs them: a supervisor whose page is on node A sees and listens in on a call held by
// node B, its media piped from B's router to a router of A's through the router links.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sendIntoCall, tellerKeyOf } from '../support/call-media.js';
import { ask, connect, login, nextEvent, request, type TestSocket } from '../support/clients.js';
import { fakeDtlsParameters } from '../support/fake-media.js';
import { packetsInto, watchMedia } from '../support/media-observer.js';
import { consumersOn } from '../support/router-dump.js';
import { killAllSenders, type SyntheticSender } from '../support/rtp-sender.js';
import { nodesPerTest } from '../support/nodes-per-test.js';
import { setUpCall } from '../support/call-setup.js';
import type { TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const cluster = nodesPerTest('supervisor-across-nodes');
const { sockets } = cluster.started;
const media = watchMedia();
const senders: SyntheticSender[] = [];
afterEach(async () => {
  await Promise.all(senders.splice(0).map((s) => s.stop()));
});
afterAll(() => killAllSenders());

/** A receive transport of `socket` on the call, where its page is (fake DTLS: consumers are made, no RTP leaves). */
async function recvTransport(socket: TestSocket, callId: string): Promise<string> {
  const recv = await request(socket, 'media:createTransport', { callId, direction: 'recv' });
  await request(socket, 'media:connectTransport', {
    callId,
    transportId: recv.id,
    dtlsParameters: fakeDtlsParameters,
  });
  return recv.id;
}

const supervisorEvents = (node: TestServer, callId: string) =>
  node.kysely
    .selectFrom('call_events')
    .select('type')
    .where('call_id', '=', callId)
    .where('type', 'like', 'supervisor.%')
    .orderBy('seq')
    .execute()
    .then((rows) => rows.map((row) => row.type));

/** Node A and node B, each knowing the other as a live node (their router links can open). */
async function linkedNodes(): Promise<[TestServer, TestServer]> {
  const [a, b] = await cluster.twoNodes({}, { linked: true });
  await waitFor(() => a.routerLinks?.peer('node-b') !== undefined, 20_000);
  await waitFor(() => b.routerLinks?.peer('node-a') !== undefined, 20_000);
  return [a, b];
}

/** A call between a customer and teller1, both on `node`: the node that holds it. */
async function callOn(node: TestServer) {
  const call = await setUpCall(node, 'teller1');
  sockets.push(call.customer, call.teller);
  return { ...call, callId: call.tellerCall.callId };
}

async function supervisorOn(node: TestServer) {
  const { token, user } = await login(node, 'supervisor1');
  const socket = await connect(node, { token });
  sockets.push(socket);
  return { socket, id: user.id };
}

describe('a supervisor and a call held by another node', () => {
  it('lists every node’s calls on the board, each with its node, and follows them as they start and end', async () => {
    const [a, b] = await linkedNodes();
    const supervisor = await supervisorOn(a);
    const before = await request(supervisor.socket, 'supervisor:board', {});
    expect(before.now.calls).toEqual([]);

    const pushed = nextEvent(supervisor.socket, 'supervisor:board', (board) => board.now.calls.length === 1);
    const call = await callOn(b);
    expect(call.tellerCall.nodeId).toBe('node-b');
    const board = await pushed;
    expect(board.now.calls).toEqual([
      expect.objectContaining({ callId: call.callId, nodeId: 'node-b', teller: expect.any(String) }),
    ]);
    expect((await request(supervisor.socket, 'supervisor:board', {})).now.calls).toHaveLength(1);

    const ended = nextEvent(supervisor.socket, 'supervisor:board', (next) => next.now.calls.length === 0);
    await request(call.teller, 'call:hangUp', { callId: call.callId });
    await ended;
  });

  it('listens in from node A: B admits and notes the monitor, A pipes both sides’ media in and serves it; stopping closes the pipes on both nodes', async () => {
    const [a, b] = await linkedNodes();
    const call = await callOn(b);
    const { callId } = call;
    const callRouter = b.rooms.get(callId)!.router;
    senders.push(await sendIntoCall(b, callId, 'customer', { frequency: 440 }));
    senders.push(await sendIntoCall(b, callId, await tellerKeyOf(b.kysely, callId), { frequency: 660 }));
    const supervisor = await supervisorOn(a);
    await waitFor(
      async () => (await request(supervisor.socket, 'supervisor:board', {})).now.calls.length === 1,
      15_000,
    );

    const listening = await request(supervisor.socket, 'monitor:start', { callId, mode: 'listen' });
    expect(listening.producers.map((p) => `${p.side}/${p.kind}`).sort()).toEqual([
      'customer/audio',
      'customer/video',
      'teller/audio',
      'teller/video',
    ]);
    const producerIds = listening.producers.map((p) => p.producerId);
    // B keeps the bookkeeping: its registry's monitor, the timeline; nobody on the call told.
    expect(b.calls.registry.monitorsOf(callId).map((m) => m.key)).toEqual([`listen:${supervisor.id}`]);
    expect(await supervisorEvents(b, callId)).toEqual(['supervisor.listening']);

    // The supervisor's WebRTC is node A's: its transport and consumers are on A's own router.
    const recv = await recvTransport(supervisor.socket, callId);
    const consumers = [];
    for (const producerId of producerIds) {
      const consumed = await request(supervisor.socket, 'media:consume', {
        callId,
        transportId: recv,
        producerId,
        rtpCapabilities: listening.routerRtpCapabilities,
      });
      await request(supervisor.socket, 'media:resumeConsumer', { callId, consumerId: consumed.consumerId });
      consumers.push(media.consumer(consumed.consumerId)!);
    }
    const piped = producerIds.map((id) => media.producers(id).find((p) => p.router !== callRouter)!);
    expect(piped.every((p) => p !== undefined && !p.producer.closed)).toBe(true);
    expect(piped.every((p) => a.pool.findRouter(p.router.id) === p.router)).toBe(true);
    expect(b.pool.findRouter(piped[0]!.router.id)).toBeUndefined();
    // RTP of both sides' audio and video arrives on node A, under the supervisor's consumers.
    const first = await Promise.all(consumers.map(packetsInto));
    await waitFor(async () => {
      const now = await Promise.all(consumers.map(packetsInto));
      return now.every((n, i) => n > first[i]! + 10);
    }, 20_000);
    for (const producerId of producerIds)
      expect(await consumersOn(callRouter, producerId)).toBeGreaterThan(0);
    const exported = await Promise.all(producerIds.map((id) => consumersOn(callRouter, id)));

    // Stopping: the piped producers close on A, their pipe consumers on B; B notes the supervisor left.
    await request(supervisor.socket, 'monitor:stop', { callId });
    expect(piped.every((p) => p.producer.closed)).toBe(true);
    await waitFor(async () => {
      const now = await Promise.all(producerIds.map((id) => consumersOn(callRouter, id)));
      return now.every((n, i) => n === exported[i]! - 1);
    }, 15_000);
    await waitFor(async () => (await supervisorEvents(b, callId)).length === 2, 15_000);
    expect(await supervisorEvents(b, callId)).toEqual(['supervisor.listening', 'supervisor.left']);
    expect(b.calls.registry.monitorsOf(callId)).toEqual([]);
    // The media of the call is no longer served to it on A, which does not hold the call.
    const after = await ask(supervisor.socket, 'media:createTransport', { callId, direction: 'recv' });
    expect(after).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
