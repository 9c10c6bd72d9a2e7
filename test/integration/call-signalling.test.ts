import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  connect,
  createTicket,
  login,
  nextEvent,
  request,
  type TestSocket,
} from '../support/clients.js';
import { setUpCall } from '../support/call-setup.js';
import { fakeRtpParameters, joinMedia } from '../support/fake-media.js';
import { waitFor } from '../support/wait.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
const sockets: TestSocket[] = [];
const track = (...s: TestSocket[]) => (sockets.push(...s), s);

beforeAll(async () => {
  // A side that drops out may come back within a second here.
  server = await startTestServer({ SKYTELLER_REJOIN_GRACE_SECONDS: '1' });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  // Let the server see the disconnects so every call ends before the next test.
  await waitFor(() => server.calls.registry.count === 0);
});
afterAll(async () => {
  await server.close();
});

describe('a call through the real server and mediasoup worker', () => {
  it('connects customer and teller, forwards each side its peer’s producers, and closes everything on hang-up', async () => {
    const call = await setUpCall(server);
    track(call.customer, call.teller);
    const { callId } = call.tellerCall;
    expect(call.customerCall.callId).toBe(callId);
    expect(call.tellerCall.customer).toEqual({ fullName: '王小明', idNumberMasked: '**************002X' });
    expect(server.pool.routerCount).toBe(1);

    const tellerSeesProducers: string[] = [];
    call.teller.on('media:producerAdded', (p) => tellerSeesProducers.push(p.producerId));
    const customerMedia = await joinMedia(call.customer, call.customerCall, 1000);
    const tellerMedia = await joinMedia(call.teller, call.tellerCall, 2000);
    await waitFor(() => tellerSeesProducers.length === 2);
    expect(tellerSeesProducers.sort()).toEqual([...customerMedia.producerIds].sort());

    // A rejoining page learns the producers already in the call from ticket:status.
    const status = await request(call.customer, 'ticket:status', {});
    expect(status.ticket.status).toBe('in_call');
    expect(status.call?.producers.map((p) => p.producerId).sort()).toEqual(
      [...tellerMedia.producerIds].sort(),
    );

    for (const producerId of tellerMedia.producerIds) {
      const consumer = await request(call.customer, 'media:consume', {
        callId,
        transportId: customerMedia.recv.id,
        producerId,
        rtpCapabilities: customerMedia.rtpCapabilities,
      });
      expect(consumer.producerId).toBe(producerId);
      await request(call.customer, 'media:resumeConsumer', { callId, consumerId: consumer.consumerId });
    }
    expect(server.rooms.get(callId)?.transportCount).toBe(4);

    // One consumer per producer: consuming again replaces the old one; twice at once, one is refused.
    const again = {
      callId,
      transportId: customerMedia.recv.id,
      producerId: tellerMedia.producerIds[0],
      rtpCapabilities: customerMedia.rtpCapabilities,
    };
    const oldClosed = nextEvent(call.customer, 'media:consumerClosed');
    const replacement = await request(call.customer, 'media:consume', again);
    expect((await oldClosed).consumerId).not.toBe(replacement.consumerId);
    const both = await Promise.all([
      ask(call.customer, 'media:consume', again),
      ask(call.customer, 'media:consume', again),
    ]);
    expect(both.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toEqual(['conflict']);

    const paused = nextEvent(call.teller, 'media:producerPaused');
    await request(call.customer, 'media:setProducerPaused', {
      callId,
      producerId: customerMedia.producerIds[1],
      paused: true,
    });
    expect(await paused).toEqual({ callId, producerId: customerMedia.producerIds[1], paused: true });

    const tellerEnded = nextEvent(call.teller, 'call:ended');
    const customerEnded = nextEvent(call.customer, 'call:ended');
    await request(call.customer, 'call:hangUp', { callId });
    expect(await tellerEnded).toEqual({ callId, reason: 'customer_hung_up' });
    expect(await customerEnded).toEqual({ callId, reason: 'customer_hung_up' });
    // The router closes once the call's recording has finished its files.
    await waitFor(() => server.pool.routerCount === 0, 15_000);
    expect(server.rooms.count).toBe(0);
    const stored = await server.kysely
      .selectFrom('calls')
      .select('end_reason')
      .where('id', '=', callId)
      .executeTakeFirst();
    expect(stored).toEqual({ end_reason: 'customer_hung_up' });
    // The teller is free again and sees the empty queue.
    expect((await request(call.teller, 'teller:state', {})).status).toBe('available');
  });

  it('refuses malformed and unauthorized requests with stable codes and changes nothing', async () => {
    const call = await setUpCall(server);
    track(call.customer, call.teller);
    const { callId } = call.tellerCall;
    const media = await joinMedia(call.customer, call.customerCall, 3000);
    const room = server.rooms.get(callId)!;
    const transportsBefore = room.transportCount;

    const bad = await ask(call.customer, 'media:createTransport', { callId: 42, direction: 'sideways' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    if (!bad.ok) expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['callId', 'direction']);
    expect(await ask(call.customer, 'media:connectTransport', null)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });

    // Another customer, with its own valid ticket, cannot touch this call.
    const other = await createTicket(server, { fullName: 'Mallory' });
    const [intruder] = track(await connect(server, { ticketToken: other.ticketToken }));
    expect(await ask(intruder!, 'media:createTransport', { callId, direction: 'recv' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(intruder!, 'call:hangUp', { callId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    // Customers cannot use teller events; another teller cannot end this call.
    expect(await ask(call.customer, 'offer:accept', { ticketId: other.ticket.ticketId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const teller2 = await login(server, 'teller2');
    const [otherTeller] = track(await connect(server, { token: teller2.token }));
    expect(await ask(otherTeller!, 'call:hangUp', { callId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(otherTeller!, 'offer:accept', { ticketId: other.ticket.ticketId })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });

    // A supervisor has no teller events.
    const supervisor = await login(server, 'supervisor1');
    const [supervisorSocket] = track(await connect(server, { token: supervisor.token }));
    expect(await ask(supervisorSocket!, 'teller:setStatus', { status: 'available' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    // The teller cannot consume through the customer's transport, nor produce twice.
    expect(
      await ask(call.teller, 'media:consume', {
        callId,
        transportId: media.recv.id,
        producerId: media.producerIds[0],
        rtpCapabilities: media.rtpCapabilities,
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await ask(call.customer, 'media:produce', {
        callId,
        transportId: media.send.id,
        kind: 'audio',
        rtpParameters: fakeRtpParameters('audio', 9999),
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Parameters mediasoup itself rejects come back as the client's fault.
    const tellerSend = await request(call.teller, 'media:createTransport', { callId, direction: 'send' });
    expect(
      await ask(call.teller, 'media:produce', {
        callId,
        transportId: tellerSend.id,
        kind: 'video',
        rtpParameters: { codecs: [{ mimeType: 'video/NOPE' }] },
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });

    // Unknown events are answered, not ignored.
    const unknown = await (
      call.customer.timeout(2000).emitWithAck as unknown as (e: string, p: unknown) => Promise<unknown>
    ).call(call.customer, 'admin:dropDatabase', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // The intruder leaves the line; its place is given up for good.
    await request(intruder!, 'queue:leave', {});
    expect(await ask(intruder!, 'queue:leave', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(server.queue.line.waitingCount).toBe(0);

    expect(room.transportCount).toBe(transportsBefore + 1);
    expect(room.producersFor('teller:x').length).toBe(2);
    expect(server.calls.registry.count).toBe(1);
    expect(server.pool.routerCount).toBe(1);
  });

  it('refuses sockets without a valid token', async () => {
    await expect(connect(server, { ticketToken: 'forged.token' })).rejects.toThrow('unauthorized');
    await expect(connect(server, { token: 'nope' })).rejects.toThrow('unauthorized');
    await expect(connect(server, {})).rejects.toThrow('unauthorized');
  });

  it('waits for a side that drops out, and closes the router when it does not come back', async () => {
    const call = await setUpCall(server);
    track(call.teller);
    const { callId } = call.tellerCall;
    await joinMedia(call.customer, call.customerCall, 4000);
    expect(server.pool.routerCount).toBe(1);
    const away = nextEvent(call.teller, 'call:peerConnection');
    const ended = nextEvent(call.teller, 'call:ended');
    call.customer.disconnect();
    expect(await away).toEqual({ callId, role: 'customer', connected: false });
    expect(server.pool.routerCount).toBe(1);
    expect(await ended).toEqual({ callId, reason: 'customer_disconnected' });
    await waitFor(() => server.pool.routerCount === 0, 15_000);
    expect(server.rooms.count).toBe(0);
    const events = (
      await server.kysely
        .selectFrom('call_events')
        .select('type')
        .where('call_id', '=', callId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.type);
    expect(events).toEqual(['call.started', 'call.participant.left', 'call.ended']);
  });

  it('lets a customer whose page reloads rejoin the same call with new media', async () => {
    const call = await setUpCall(server);
    track(call.teller);
    const { callId } = call.tellerCall;
    const before = await joinMedia(call.customer, call.customerCall, 5000);
    const closed: string[] = [];
    call.teller.on('media:producerClosed', (e) => closed.push(e.producerId));
    call.customer.disconnect();
    await waitFor(() => closed.length === 2);
    const back = nextEvent(call.teller, 'call:peerConnection', (e) => e.connected);
    const page = track(await connect(server, { ticketToken: call.ticketToken }))[0]!;
    expect(await back).toEqual({ callId, role: 'customer', connected: true });
    const { call: again } = await request(page, 'ticket:status', {});
    expect(again?.callId).toBe(callId);
    const added: string[] = [];
    call.teller.on('media:producerAdded', (e) => added.push(e.producerId));
    const after = await joinMedia(page, again!, 6000);
    await waitFor(() => added.length === 2);
    expect(added.sort()).toEqual([...after.producerIds].sort());
    expect(after.producerIds).not.toContain(before.producerIds[0]);
    // Past the grace period the call still stands: the customer came back.
    await new Promise((r) => setTimeout(r, 1200));
    expect(server.calls.registry.count).toBe(1);
    expect(server.pool.routerCount).toBe(1);
  });
});
