// Two servers on one PostgreSQL and one Redis with the cluster secret and one certificate, as a
// cluster runs them: a supervisor whose page is on node A sees and listens in on a call held by
// node B, its media piped from B's router to a router of A's through the router links.
import type { types } from 'mediasoup';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  BOTH_SIDES_MEDIA,
  recordedTracks,
  sendIntoCall,
  sidesAndKinds,
  tellerKeyOf,
} from '../support/call-media.js';
import { ask, connect, login, nextEvent, request } from '../support/clients.js';
import { fakeRtpParameters, fakeTransport } from '../support/fake-media.js';
import { inboundPackets, watchMedia } from '../support/media-observer.js';
import { consumersOn } from '../support/router-dump.js';
import { killAllSenders, startSyntheticSender, type SyntheticSender } from '../support/rtp-sender.js';
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
  return { socket, id: user.id, user };
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

  it('shows a supervisor on the node that does not lead the leader’s line and every node’s tellers', async () => {
    const [a, b] = await linkedNodes();
    expect([a.leadership.isLeader(), b.leadership.isLeader()]).toEqual([true, false]);
    // A teller at work on the leader, away; a customer waiting, joined on the other node.
    const { token } = await login(a, 'teller1');
    const teller = await connect(a, { token });
    sockets.push(teller);
    await request(teller, 'teller:setStatus', { status: 'away' });
    const supervisor = await supervisorOn(b);
    const pushed = nextEvent(
      supervisor.socket,
      'supervisor:board',
      (board) => board.now.waiting === 1,
      15_000,
    );
    await cluster.customerOn(b);

    const whole = (board: Awaited<typeof pushed>) => ({
      waiting: board.now.waiting,
      tellers: board.now.tellers.map((t) => [t.displayName, t.status]),
    });
    const expected = { waiting: 1, tellers: [[expect.any(String), 'away']] };
    expect(whole(await pushed)).toEqual(expected);
    expect(whole(await request(supervisor.socket, 'supervisor:board', {}))).toEqual(expected);
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
    expect(sidesAndKinds(listening)).toEqual(BOTH_SIDES_MEDIA);
    const producerIds = listening.producers.map((p) => p.producerId);
    // B keeps the bookkeeping: its registry's monitor, the timeline; nobody on the call told.
    expect(b.calls.registry.monitorsOf(callId).map((m) => m.key)).toEqual([`listen:${supervisor.id}`]);
    expect(await supervisorEvents(b, callId)).toEqual(['supervisor.listening']);

    // The supervisor's WebRTC is node A's: its transport and consumers are on A's own router.
    const recv = await fakeTransport(supervisor.socket, callId, 'recv');
    const consumers: types.Consumer[] = [];
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
    const first = await Promise.all(consumers.map(inboundPackets));
    await waitFor(async () => {
      const now = await Promise.all(consumers.map(inboundPackets));
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

  it('pipes a producer the call gains after the start when the page first consumes it (B announces it over the bus)', async () => {
    const [a, b] = await linkedNodes();
    const call = await callOn(b);
    const { callId } = call;
    const supervisor = await supervisorOn(a);
    const listening = await request(supervisor.socket, 'monitor:start', { callId, mode: 'listen' });
    expect(listening.producers).toEqual([]);
    const recv = await fakeTransport(supervisor.socket, callId, 'recv');

    // The customer's camera starts only now: B tells the supervisor's page on A, which consumes it there.
    const announced = nextEvent(supervisor.socket, 'media:producerAdded', (p) => p.kind === 'video');
    senders.push(await sendIntoCall(b, callId, 'customer', { frequency: 550 }));
    const video = await announced;
    expect(video).toMatchObject({ callId, side: 'customer' });
    const consumed = await request(supervisor.socket, 'media:consume', {
      callId,
      transportId: recv,
      producerId: video.producerId,
      rtpCapabilities: listening.routerRtpCapabilities,
    });
    await request(supervisor.socket, 'media:resumeConsumer', { callId, consumerId: consumed.consumerId });
    const consumer = media.consumer(consumed.consumerId)!;
    // Piped into a router of A's own, where the supervisor's consumer takes its RTP.
    const piped = media.producers(video.producerId).find((e) => e.router !== b.rooms.get(callId)!.router)!;
    expect(a.pool.findRouter(piped.router.id)).toBe(piped.router);
    await waitFor(async () => (await inboundPackets(consumer)) > 20, 20_000);
  });

  it('lets go when the supervisor’s page goes (B notes it left) and when the call ends (A’s pipes and router close)', async () => {
    const [a, b] = await linkedNodes();
    const call = await callOn(b);
    const { callId } = call;
    const callRouter = b.rooms.get(callId)!.router;
    senders.push(await sendIntoCall(b, callId, 'customer'));
    /** The live producers piped into node A for this view. */
    const pipedOn = (view: { producers: { producerId: string }[] }) =>
      view.producers.map(
        (p) => media.producers(p.producerId).find((e) => e.router !== callRouter && !e.producer.closed)!,
      );

    const first = await supervisorOn(a);
    const piped = pipedOn(await request(first.socket, 'monitor:start', { callId, mode: 'listen' }));
    expect(piped).toHaveLength(2);
    first.socket.close();
    await waitFor(() => piped.every((p) => p.producer.closed), 15_000);
    await waitFor(async () => (await supervisorEvents(b, callId)).length === 2, 15_000);
    expect(await supervisorEvents(b, callId)).toEqual(['supervisor.listening', 'supervisor.left']);
    expect(b.calls.registry.monitorsOf(callId)).toEqual([]);

    const second = await supervisorOn(a);
    const again = pipedOn(await request(second.socket, 'monitor:start', { callId, mode: 'listen' }));
    const mirrorRouter = again[0]!.router;
    await request(call.teller, 'call:hangUp', { callId });
    await waitFor(() => again.every((p) => p.producer.closed) && mirrorRouter.closed, 15_000);
    expect(a.pool.findRouter(mirrorRouter.id)).toBeUndefined();
    const after = await ask(second.socket, 'media:createTransport', { callId, direction: 'recv' });
    expect(after).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('whispers and barges in from node A: its producers are piped into B’s call as the monitor’s, offered on their terms', async () => {
    const [a, b] = await linkedNodes();
    const call = await callOn(b);
    const { callId } = call;
    const room = b.rooms.get(callId)!;
    const tellerKey = await tellerKeyOf(b.kysely, callId);
    const supervisor = await supervisorOn(a);
    const offeredTo = (key: string) => room.producersFor(key).map((p) => p.producerId);
    /** A producer of the supervisor's page, made on node A's send transport. */
    const produce = async (kind: 'audio' | 'video', ssrc: number) =>
      ask(supervisor.socket, 'media:produce', {
        callId,
        transportId: await fakeTransport(supervisor.socket, callId, 'send'),
        kind,
        rtpParameters: fakeRtpParameters(kind, ssrc),
      });

    // Whisper: the teller is told and offered the microphone; the customer neither.
    const tellerTold = nextEvent(call.teller, 'call:supervisor', (n) => n.mode === 'whisper');
    await request(supervisor.socket, 'monitor:start', { callId, mode: 'whisper' });
    expect(await tellerTold).toMatchObject({ callId, mode: 'whisper' });
    // Its microphone: synthetic RTP taken in on node A as its page's producer would be, then piped to B.
    const tellerOffered = nextEvent(call.teller, 'media:producerAdded', (p) => p.side === 'supervisor');
    const principal = { kind: 'staff' as const, user: supervisor.user };
    const mirror = a.monitorsElsewhere!.mediaRoomFor(principal, callId)!;
    const microphone = await startSyntheticSender(mirror.room.router, { frequency: 880 });
    senders.push(microphone);
    await microphone.flowing();
    mirror.room.addProducer(mirror.participantKey, microphone.audio);
    await a.monitorsElsewhere!.produced(principal, callId, microphone.audio.id);
    const whisperId = microphone.audio.id;
    expect(await tellerOffered).toMatchObject({ callId, producerId: whisperId, kind: 'audio' });
    expect(offeredTo(tellerKey)).toContain(whisperId);
    expect(offeredTo('customer')).not.toContain(whisperId);
    // Its RTP arrives in B's call router, and B's recorder records it as a supervisor's of its own.
    const imported = media.producers(whisperId).find((e) => e.router === room.router)!.producer;
    await waitFor(async () => (await inboundPackets(imported)) > 20, 20_000);
    await recordedTracks(b.kysely, callId, [whisperId]);
    // A whisper is the microphone only, on A as on B.
    expect(await produce('video', 9101)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Barge: B changes the mode (the whisper's media goes), both sides are told and offered the picture.
    const customerTold = nextEvent(call.customer, 'call:supervisor', (n) => n.mode === 'barge');
    await request(supervisor.socket, 'monitor:start', { callId, mode: 'barge' });
    await customerTold;
    await waitFor(() => !offeredTo(tellerKey).includes(whisperId), 15_000);
    const customerOffered = nextEvent(
      call.customer,
      'media:producerAdded',
      (p) => p.side === 'supervisor' && p.kind === 'video',
    );
    const barge = await produce('video', 9102);
    if (!barge.ok) throw new Error(barge.error.message);
    expect(await customerOffered).toMatchObject({ producerId: barge.data.producerId });
    expect(offeredTo(tellerKey)).toContain(barge.data.producerId);
    await recordedTracks(b.kysely, callId, [barge.data.producerId]);

    // Leaving: both sides hear it; the barge's media leaves B's call.
    const customerLeft = nextEvent(call.customer, 'call:supervisor', (n) => n.mode === null);
    await request(supervisor.socket, 'monitor:stop', { callId });
    await customerLeft;
    await waitFor(() => !offeredTo('customer').includes(barge.data.producerId), 15_000);
    await waitFor(async () => (await supervisorEvents(b, callId)).length === 3, 15_000);
    expect(await supervisorEvents(b, callId)).toEqual([
      'supervisor.whispering',
      'supervisor.barged_in',
      'supervisor.left',
    ]);
  });
});
