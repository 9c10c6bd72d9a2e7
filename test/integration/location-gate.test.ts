import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceId } from '../../shared/catalog/services.js';
import { ask, connect, nextEvent, request, type TestSocket } from '../support/clients.js';
import { setUpCall } from '../support/call-setup.js';
import { messageId } from '../support/service-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const HIGH_RISK: ServiceId = 'bank-authorization-change';
const SHANGHAI = { status: 'granted', latitude: 31.2304, longitude: 121.4737, accuracy: 35 } as const;

let server: TestServer | undefined;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
  server = undefined;
});

/** A server with the gate set to `countries`, and a call for `serviceId` on it. */
async function callOn(env: Record<string, string>, serviceId: ServiceId = HIGH_RISK) {
  server = await startTestServer({ SKYTELLER_ALLOWED_COUNTRIES: 'CN,HK', ...env });
  const call = await setUpCall(server, 'teller1', { serviceId });
  sockets.push(call.customer, call.teller);
  return { ...call, callId: call.tellerCall.callId, server };
}

/** Another page of the same customer, seen through a proxy that names `forwardedFor`. */
async function customerBehindProxy(call: { ticketToken: string; server: TestServer }, forwardedFor: string) {
  const socket = await connect(
    call.server,
    { ticketToken: call.ticketToken },
    { headers: { 'x-forwarded-for': forwardedFor } },
  );
  sockets.push(socket);
  return socket;
}

const push = (teller: TestSocket, callId: string, stepId = 'policy') =>
  ask(teller, 'service:push', { callId, messageId: messageId(), stepId });

const ipEvents = async (callId: string) =>
  (
    await server!.kysely
      .selectFrom('call_events')
      .select('data')
      .where('call_id', '=', callId)
      .where('type', '=', 'location.ip_country')
      .execute()
  ).map((row) => JSON.parse(row.data) as Record<string, unknown>);

describe('the allowed-countries gate for high-risk services', () => {
  it('refuses a loopback customer unless private addresses count as allowed', async () => {
    const call = await callOn({ SKYTELLER_PRIVATE_ADDRESSES_ALLOWED: 'false' });
    const { callId } = call;
    // Before the page reported, the service may start but not complete.
    const early = await ask(call.teller, 'service:complete', { callId, messageId: messageId() });
    expect(early).toMatchObject({ ok: false, error: { code: 'location_required' } });

    const shown = nextEvent(call.teller, 'location:update');
    const reply = await request(call.customer, 'location:report', { callId, browser: SHANGHAI });
    expect(reply).toEqual({ serviceRefused: true });
    expect(await shown).toMatchObject({
      callId,
      ip: { address: '127.0.0.1', addressClass: 'loopback', country: null, gate: 'refused' },
      browser: SHANGHAI,
      serviceRefused: true,
    });
    expect(await push(call.teller, callId)).toMatchObject({
      ok: false,
      error: { code: 'country_not_allowed' },
    });
    const state = await request(call.teller, 'service:state', { callId });
    expect(state.blockers).toContain('country_not_allowed');
    expect(await ipEvents(callId)).toEqual([
      expect.objectContaining({ addressClass: 'loopback', gate: 'refused' }),
    ]);
  });

  it('lets a loopback customer through when private addresses are allowed', async () => {
    const call = await callOn({ SKYTELLER_PRIVATE_ADDRESSES_ALLOWED: 'true' });
    const reply = await request(call.customer, 'location:report', {
      callId: call.callId,
      browser: { status: 'refused' },
    });
    expect(reply).toEqual({ serviceRefused: false });
    expect(await push(call.teller, call.callId)).toMatchObject({ ok: true });
    const view = await request(call.teller, 'location:view', { callId: call.callId });
    expect(view).toMatchObject({ ip: { gate: 'allowed' }, browser: { status: 'refused' } });
  });

  it('believes a trusted proxy’s X-Forwarded-For on the socket handshake, and only that', async () => {
    const call = await callOn({ SKYTELLER_TRUSTED_PROXIES: 'loopback' });
    const { callId } = call;

    // 8.8.8.8 is in the US: the high-risk service is refused.
    const fromUs = await customerBehindProxy(call, '8.8.8.8');
    expect(await request(fromUs, 'location:report', { callId, browser: SHANGHAI })).toEqual({
      serviceRefused: true,
    });
    expect(await push(call.teller, callId)).toMatchObject({
      ok: false,
      error: { code: 'country_not_allowed' },
    });

    // The same customer's page from 114.114.114.114 (China): the latest address decides.
    const fromCn = await customerBehindProxy(call, '114.114.114.114');
    expect(await request(fromCn, 'location:report', { callId, browser: SHANGHAI })).toEqual({
      serviceRefused: false,
    });
    expect(await push(call.teller, callId)).toMatchObject({ ok: true });
    expect((await ipEvents(callId)).map((e) => [e.address, e.country, e.gate])).toEqual([
      ['8.8.8.8', 'US', 'refused'],
      ['114.114.114.114', 'CN', 'allowed'],
    ]);
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    const call = await callOn({});
    const spoofed = await customerBehindProxy(call, '114.114.114.114');
    expect(await request(spoofed, 'location:report', { callId: call.callId, browser: SHANGHAI })).toEqual({
      serviceRefused: true,
    });
    expect(await ipEvents(call.callId)).toEqual([
      expect.objectContaining({ address: '127.0.0.1', country: null }),
    ]);
  });

  it('leaves low-risk services alone, and takes reports only from the call’s own customer', async () => {
    const call = await callOn({}, 'consultation');
    const { callId } = call;
    expect(await request(call.customer, 'location:report', { callId, browser: SHANGHAI })).toEqual({
      serviceRefused: false,
    });
    expect(await push(call.teller, callId, 'question')).toMatchObject({ ok: true });
    const byTeller = await ask(call.teller, 'location:report', { callId, browser: SHANGHAI });
    expect(byTeller).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = await ask(call.customer, 'location:report', {
      callId,
      browser: { status: 'granted', latitude: 91, longitude: 0, accuracy: 1 },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
