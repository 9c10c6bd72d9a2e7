import { describe, expect, it } from 'vitest';
import { ask, connect, createTicket, nextEvent, request } from '../support/clients.js';
import { setUpCall } from '../support/call-setup.js';
import { joinMedia } from '../support/fake-media.js';
import { tellerAtDesk } from '../support/staff.js';
import { serverPerTest } from '../support/server-per-test.js';
import { waitFor } from '../support/wait.js';

const context = serverPerTest();
const { sockets } = context;

describe('transferring a call', () => {
  it('hands the call to a colleague with the customer’s consent, on the same router with the customer’s media', async () => {
    const call = await setUpCall(context.server, 'teller1');
    const second = await tellerAtDesk(context.server, 'teller2');
    sockets.push(call.customer, call.teller, second.socket);
    const { callId } = call.tellerCall;
    const customerMedia = await joinMedia(call.customer, call.customerCall, 1000);
    const firstMedia = await joinMedia(call.teller, call.tellerCall, 2000);
    const routersBefore = context.server.pool.routerCount;
    const { id: firstTellerId } = await context.server.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'teller1')
      .executeTakeFirstOrThrow();

    // Only a teller of the call may transfer it, and not to itself.
    const byStranger = await ask(second.socket, 'call:transfer', {
      callId,
      target: { kind: 'group', serviceId: 'consultation', language: 'cmn' },
      reason: 'not mine',
    });
    expect(byStranger).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const toSelf = await ask(call.teller, 'call:transfer', {
      callId,
      target: { kind: 'teller', tellerId: firstTellerId },
      reason: 'me again',
    });
    expect(toSelf).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const noReason = await ask(call.teller, 'call:transfer', {
      callId,
      target: { kind: 'teller', tellerId: second.tellerId },
      reason: ' ',
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });

    const asked = nextEvent(call.customer, 'transfer:consentRequest');
    const transfer = await request(call.teller, 'call:transfer', {
      callId,
      target: { kind: 'teller', tellerId: second.tellerId },
      reason: 'Cantonese speaker needed',
    });
    expect(transfer.status).toBe('awaiting_consent');
    const consent = await asked;
    expect(consent).toMatchObject({
      callId,
      reason: 'Cantonese speaker needed',
      transferId: transfer.transferId,
    });
    // Nothing is offered before the customer agrees.
    expect((await request(second.socket, 'teller:state', {})).offer).toBeNull();

    const firstTellerDropped = nextEvent(call.teller, 'call:ended', (e) => e.reason === 'transferred');
    const tellerChanged = nextEvent(call.customer, 'call:tellerChanged');
    const oldProducersClosed: string[] = [];
    call.customer.on('media:producerClosed', (e) => oldProducersClosed.push(e.producerId));
    await request(call.customer, 'transfer:respond', {
      callId,
      transferId: transfer.transferId,
      accept: true,
    });
    await waitFor(async () => (await request(second.socket, 'teller:state', {})).offer !== null);
    const offer = (await request(second.socket, 'teller:state', {})).offer!;
    expect(offer.transfer).toEqual({
      fromTeller: expect.stringContaining('Teller One'),
      reason: 'Cantonese speaker needed',
    });

    const taken = await request(second.socket, 'offer:accept', { ticketId: offer.ticketId });
    expect(taken.callId).toBe(callId);
    // The customer's producers are still there for the new teller to consume.
    expect(taken.producers.map((p) => p.producerId).sort()).toEqual([...customerMedia.producerIds].sort());
    expect((await tellerChanged).teller.displayName).toContain('Teller Two');
    await firstTellerDropped;
    await waitFor(() => oldProducersClosed.length === 2);
    expect(oldProducersClosed.sort()).toEqual([...firstMedia.producerIds].sort());
    expect(context.server.pool.routerCount).toBe(routersBefore);
    expect(context.server.calls.registry.count).toBe(1);

    // The new teller's media reaches the customer in the same call.
    const customerSees = nextEvent(call.customer, 'media:producerAdded');
    const secondMedia = await joinMedia(second.socket, taken, 3000);
    const consumed = await request(second.socket, 'media:consume', {
      callId,
      transportId: secondMedia.recv.id,
      producerId: customerMedia.producerIds[1],
      rtpCapabilities: secondMedia.rtpCapabilities,
    });
    expect(consumed.kind).toBe('video');
    expect(secondMedia.producerIds).toContain((await customerSees).producerId);

    // The first teller is out of the call and free again; the record names both tellers.
    const firstState = await request(call.teller, 'teller:state', {});
    expect(firstState).toMatchObject({ status: 'available', call: null, transfer: null });
    const denied = await ask(call.teller, 'media:createTransport', { callId, direction: 'recv' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const tellers = await context.server.kysely
      .selectFrom('call_tellers')
      .select(['teller_id', 'joined_at', 'left_at'])
      .where('call_id', '=', callId)
      .orderBy('joined_at')
      .execute();
    expect(tellers.map((t) => t.teller_id)).toEqual([firstTellerId, second.tellerId]);
    expect(tellers[0]!.left_at).toBeGreaterThanOrEqual(tellers[1]!.joined_at);
    expect(tellers[1]!.left_at).toBeNull();
    const events = await context.server.kysely
      .selectFrom('call_events')
      .select('type')
      .where('call_id', '=', callId)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'call.started',
      'transfer.requested',
      'transfer.consented',
      'transfer.completed',
    ]);
  });

  it('keeps the call with the first teller when the customer refuses', async () => {
    const call = await setUpCall(context.server, 'teller1');
    const second = await tellerAtDesk(context.server, 'teller2');
    sockets.push(call.customer, call.teller, second.socket);
    const { callId } = call.tellerCall;
    const transfer = await request(call.teller, 'call:transfer', {
      callId,
      target: { kind: 'group', serviceId: 'consultation', language: 'cmn' },
      reason: 'specialist',
    });
    await request(call.customer, 'transfer:respond', {
      callId,
      transferId: transfer.transferId,
      accept: false,
    });
    expect((await request(second.socket, 'teller:state', {})).offer).toBeNull();
    expect(await request(call.teller, 'teller:state', {})).toMatchObject({
      status: 'in_call',
      transfer: null,
    });
    const again = await ask(call.customer, 'transfer:respond', {
      callId,
      transferId: transfer.transferId,
      accept: true,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('asks a reloaded page again, and tells the customer when the teller withdraws the question', async () => {
    const call = await setUpCall(context.server, 'teller1');
    sockets.push(call.customer, call.teller);
    const { callId } = call.tellerCall;
    const transfer = await request(call.teller, 'call:transfer', {
      callId,
      target: { kind: 'group', serviceId: 'policy-loan', language: 'yue' },
      reason: 'loan specialist',
    });
    const reloaded = await connect(context.server, { ticketToken: call.ticketToken });
    sockets.push(reloaded);
    const status = await request(reloaded, 'ticket:status', {});
    expect(status.transferRequest).toEqual({
      callId,
      transferId: transfer.transferId,
      reason: 'loan specialist',
      target: { kind: 'group', serviceId: 'policy-loan', language: 'yue' },
      targetLabel: 'Policy loan · Cantonese',
    });
    const withdrawn = nextEvent(reloaded, 'transfer:withdrawn');
    await request(call.teller, 'call:cancelTransfer', { callId });
    expect(await withdrawn).toEqual({ callId, transferId: transfer.transferId });
    expect((await request(reloaded, 'ticket:status', {})).transferRequest).toBeNull();
  });

  it('puts a consented transfer ahead of customers already waiting, and lets the teller cancel it', async () => {
    const call = await setUpCall(context.server, 'teller1');
    sockets.push(call.customer, call.teller);
    const { callId } = call.tellerCall;
    await createTicket(context.server, { idType: 'passport', idNumber: 'E1', fullName: 'Waiting Younger' });
    await createTicket(context.server, { fullName: 'Waiting Elderly' });
    const transfer = await request(call.teller, 'call:transfer', {
      callId,
      target: { kind: 'group', serviceId: 'consultation', language: 'cmn' },
      reason: 'second opinion',
    });
    await request(call.customer, 'transfer:respond', {
      callId,
      transferId: transfer.transferId,
      accept: true,
    });
    const second = await tellerAtDesk(context.server, 'teller2');
    sockets.push(second.socket);
    const offer = (await request(second.socket, 'teller:state', {})).offer!;
    expect(offer.ticketId).toBe(call.customerCall.ticketId);
    await request(call.teller, 'call:cancelTransfer', { callId });
    const after = (await request(second.socket, 'teller:state', {})).offer!;
    expect(after.fullName).toBe('Waiting Elderly');
  });
});
