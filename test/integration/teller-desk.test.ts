import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistoryView } from '../../shared/contracts/call-history.js';
import {
  staffHeaders,
  ask,
  connect,
  createTicket,
  httpRequest,
  login,
  nextEvent,
  request,
  type TestSocket,
} from '../support/clients.js';
import { completeContactChange, serviceCall } from '../support/service-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The teller's desk after a call, against a real server with wrap-up on: the
 * teller records an outcome before the next customer, the supervisor's handle
 * time includes the wrap-up, and the desk's history lists the call with its
 * outcome and its signed record.
 */

const WRAP_UP_MS = 300;
let server: TestServer;
const sockets: TestSocket[] = [];

const historyOf = async (token: string) =>
  httpRequest<CallHistoryView>(server, 'GET', '/api/teller/history', {
    headers: staffHeaders(token),
  });

beforeAll(async () => {
  server = await startTestServer({ SKYTELLER_WRAP_UP_SECONDS: '30' });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

describe('the teller after a call', () => {
  it('wraps the call up before the next customer; the outcome shows in its history and in the handle time', async () => {
    const call = await serviceCall(server, 'contact-change', sockets);
    const { callId } = call;
    await completeContactChange(call);
    const wrapping = nextEvent(call.teller, 'teller:state', (s) => s.status === 'wrap_up');
    await request(call.teller, 'call:hangUp', { callId });
    const state = await wrapping;
    expect(state.wrapUp).toMatchObject({ callId, limitMs: 30_000 });
    expect(state.wrapUp?.outcomes.map((o) => o.code)).toContain('follow_up');

    // The next customer waits: the teller in wrap-up is not available.
    const next = await createTicket(server, { fullName: '李四' });
    const customer = await connect(server, { ticketToken: next.ticketToken });
    sockets.push(customer);
    await new Promise((resolve) => setTimeout(resolve, WRAP_UP_MS));
    expect(await request(call.teller, 'teller:state', {})).toMatchObject({ status: 'wrap_up', offer: null });

    const refused = await ask(call.teller, 'teller:wrapUp', { callId, outcome: 'not_configured' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const offered = nextEvent(call.teller, 'teller:state', (s) => s.offer !== null);
    const after = await request(call.teller, 'teller:wrapUp', {
      callId,
      outcome: 'follow_up',
      note: '  客户下周回电。 ',
    });
    expect(after.wrapUp).toBeNull();
    expect((await offered).offer?.ticketId).toBe(next.ticket.ticketId);

    const { token } = await login(server, 'teller1');
    const history = await historyOf(token);
    expect(history.status).toBe(200);
    const [row] = history.body.calls;
    expect(row).toMatchObject({
      callId,
      serviceId: 'contact-change',
      customerName: '王小明',
      endReason: 'teller_hung_up',
      serviceStatus: 'completed',
      wrapUp: {
        outcome: 'follow_up',
        label: { 'zh-CN': '需跟进', en: 'Follow-up needed' },
        note: '客户下周回电。',
      },
      recordUrl: `/api/calls/${callId}/record.pdf`,
    });
    const record = await httpRequest(server, 'GET', row!.recordUrl!, {
      headers: staffHeaders(token),
    });
    expect(record.status).toBe(200);
    expect(record.headers['content-type']).toContain('application/pdf');

    // The supervisor's handle time runs to the wrap-up's end, not the call's.
    const { token: supervisorToken } = await login(server, 'supervisor1');
    const supervisor = await connect(server, { token: supervisorToken });
    sockets.push(supervisor);
    const board = await request(supervisor, 'supervisor:board', {});
    const callMs = row!.endedAt! - row!.startedAt;
    expect(board.today.averageHandleMs).toBeGreaterThanOrEqual(callMs + WRAP_UP_MS);
  });

  it('shows each teller only its own calls, and no history to other roles', async () => {
    const { token } = await login(server, 'teller2');
    expect((await historyOf(token)).body).toEqual({ calls: [] });
    const { token: supervisorToken } = await login(server, 'supervisor1');
    expect((await historyOf(supervisorToken)).status).toBe(403);
    expect((await httpRequest(server, 'GET', '/api/teller/history')).status).toBe(401);
  });
});
