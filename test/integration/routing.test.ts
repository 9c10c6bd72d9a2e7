import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TellerStateView } from '../../shared/contracts/socket-events.js';
import {
  ask,
  connect,
  createTicket,
  httpRequest,
  login,
  nextEvent,
  request,
  staffHeaders,
  type TestSocket,
} from '../support/clients.js';
import { addTeller, tellerAtDesk } from '../support/staff.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

/** Not a resident ID: no birth date, so normal priority. */
const NORMAL = { idType: 'passport', idNumber: 'E12345678' } as const;
/** Born 1949: elderly. */
const ELDERLY = { idType: 'cn-resident', idNumber: '11010519491231002X' } as const;

let server: TestServer;
const sockets: TestSocket[] = [];
const track = <T extends { socket: TestSocket } | TestSocket>(s: T): T => {
  sockets.push('socket' in s ? s.socket : s);
  return s;
};

const stateOf = (socket: TestSocket): Promise<TellerStateView> => request(socket, 'teller:state', {});

async function offeredTicket(socket: TestSocket): Promise<string | undefined> {
  return (await stateOf(socket)).offer?.ticketId;
}

async function customer(overrides: Parameters<typeof createTicket>[1]) {
  const created = await createTicket(server, overrides);
  const socket = track(await connect(server, { ticketToken: created.ticketToken }));
  return { ticketId: created.ticket.ticketId, socket };
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
});

describe('skills routing', () => {
  beforeEach(async () => {
    server = await startTestServer();
  });

  it('connects each customer with a teller who has the service and the language, and nobody else', async () => {
    await addTeller(server, 'loan-mandarin', { skills: ['policy-loan'], languages: ['cmn'] });
    await addTeller(server, 'claims-cantonese', { skills: ['claim-report'], languages: ['yue'] });
    await addTeller(server, 'both-english', { skills: ['policy-loan', 'claim-report'], languages: ['en'] });
    const loanCmn = await customer({ ...NORMAL, serviceId: 'policy-loan', language: 'cmn' });
    const claimYue = await customer({ ...NORMAL, serviceId: 'claim-report', language: 'yue' });
    const loanEn = await customer({ ...NORMAL, serviceId: 'policy-loan', language: 'en' });
    const claimCmn = await customer({ ...NORMAL, serviceId: 'claim-report', language: 'cmn' });

    const expected = new Map([
      ['loan-mandarin', loanCmn],
      ['claims-cantonese', claimYue],
      ['both-english', loanEn],
    ]);
    for (const [username, who] of expected) {
      const teller = track(await tellerAtDesk(server, username));
      await waitFor(async () => (await offeredTicket(teller.socket)) === who.ticketId);
      const started = nextEvent(who.socket, 'call:started');
      const call = await request(teller.socket, 'offer:accept', { ticketId: who.ticketId });
      expect((await started).callId).toBe(call.callId);
    }
    // Nobody speaks Mandarin for claims: that customer still waits, first in its line.
    const status = await request(claimCmn.socket, 'ticket:status', {});
    expect(status.ticket).toMatchObject({ status: 'waiting', position: 1, estimatedWaitMs: null });
    expect(server.calls.registry.count).toBe(3);
  });

  it('offers an elderly customer who arrived later before an earlier one', async () => {
    const teller = track(await tellerAtDesk(server, 'teller1', 'away'));
    const early = await customer({ ...NORMAL, fullName: 'Early Normal' });
    const late = await customer({ ...ELDERLY, fullName: 'Late Elderly' });
    const early2 = await request(early.socket, 'ticket:status', {});
    expect(early2.ticket).toMatchObject({ elderly: false, position: 2 });
    await request(teller.socket, 'teller:setStatus', { status: 'available' });
    const state = await stateOf(teller.socket);
    expect(state.offer).toMatchObject({ ticketId: late.ticketId, priority: 'elderly' });
  });

  it('ranks customers on the VIP list, which only supervisors and administrators keep, after elderly and before normal', async () => {
    const vipDocument = { idType: 'passport', idNumber: 'v9988' } as const;
    const asTeller = await login(server, 'teller1');
    const refused = await httpRequest(server, 'PUT', '/api/vip-customers', {
      json: vipDocument,
      headers: staffHeaders(asTeller.token),
    });
    expect(refused.status).toBe(403);
    const anonymous = await httpRequest(server, 'PUT', '/api/vip-customers', { json: vipDocument });
    expect(anonymous.status).toBe(401);
    const { token } = await login(server, 'supervisor1');
    const asSupervisor = staffHeaders(token);
    const bad = await httpRequest<{ error: { code: string; issues: { path: string }[] } }>(
      server,
      'PUT',
      '/api/vip-customers',
      { json: { idType: 'card', idNumber: '' }, headers: asSupervisor },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path).sort()).toEqual(['idNumber', 'idType']);
    const added = await httpRequest(server, 'PUT', '/api/vip-customers', {
      json: vipDocument,
      headers: asSupervisor,
    });
    expect(added.status).toBe(204);

    const teller = track(await tellerAtDesk(server, 'teller1', 'away'));
    const normal = await customer({ ...NORMAL, fullName: 'Normal First' });
    const vip = await customer({ ...vipDocument, idNumber: 'V9988', fullName: 'VIP Second' });
    const elderly = await customer({ ...ELDERLY, fullName: 'Elderly Third' });
    // Served ahead of the normal customer, but the VIP is not told they are one.
    const vipTicket = (await request(vip.socket, 'ticket:status', {})).ticket;
    expect(vipTicket).toMatchObject({ elderly: false, position: 2 });
    expect(JSON.stringify(vipTicket)).not.toMatch(/vip/i);
    const order: string[] = [];
    for (const who of [elderly, vip, normal]) {
      await request(teller.socket, 'teller:setStatus', { status: 'available' });
      const offer = (await stateOf(teller.socket)).offer!;
      order.push(offer.ticketId);
      await request(teller.socket, 'offer:accept', { ticketId: offer.ticketId });
      await request(teller.socket, 'call:hangUp', { callId: (await stateOf(teller.socket)).call!.callId });
      expect(offer.ticketId).toBe(who.ticketId);
    }
    expect(order).toEqual([elderly.ticketId, vip.ticketId, normal.ticketId]);

    const removed = await httpRequest(server, 'DELETE', '/api/vip-customers', {
      json: vipDocument,
      headers: asSupervisor,
    });
    expect(removed.status).toBe(204);
    const again = await httpRequest(server, 'DELETE', '/api/vip-customers', {
      json: vipDocument,
      headers: asSupervisor,
    });
    expect(again.status).toBe(404);
  });

  it('lets a consenting Cantonese customer go to a Mandarin teller after the fallback wait', async () => {
    await server.close();
    server = await startTestServer({ SKYTELLER_MANDARIN_FALLBACK_SECONDS: '1' });
    const teller = track(await tellerAtDesk(server, 'teller1'));
    const refusing = await customer({ ...NORMAL, language: 'yue' });
    const consenting = await customer({ ...NORMAL, language: 'yue', mandarinFallback: true });
    expect(await offeredTicket(teller.socket)).toBeUndefined();
    // The next change after the wait routes it; a teller toggling status is such a change.
    await new Promise((r) => setTimeout(r, 1100));
    await request(teller.socket, 'teller:setStatus', { status: 'away' });
    await request(teller.socket, 'teller:setStatus', { status: 'available' });
    expect(await offeredTicket(teller.socket)).toBe(consenting.ticketId);
    expect((await request(refusing.socket, 'ticket:status', {})).ticket.status).toBe('waiting');
  });
});

describe('offers', () => {
  beforeEach(async () => {
    server = await startTestServer({ SKYTELLER_OFFER_TIMEOUT_SECONDS: '1' });
  });

  it('moves an unanswered offer to the next teller and sets the first one away', async () => {
    const first = track(await tellerAtDesk(server, 'teller1'));
    const second = track(await tellerAtDesk(server, 'teller2'));
    const who = await customer(NORMAL);
    expect(await offeredTicket(first.socket)).toBe(who.ticketId);
    await waitFor(async () => (await offeredTicket(second.socket)) === who.ticketId, 4000);
    expect(await stateOf(first.socket)).toMatchObject({
      status: 'away',
      awayReason: 'missed_offer',
      offer: null,
    });
    const outcomes = await server.kysely
      .selectFrom('offers')
      .select(['teller_id', 'outcome'])
      .orderBy('id')
      .execute();
    expect(outcomes).toEqual([
      { teller_id: first.tellerId, outcome: 'expired' },
      { teller_id: second.tellerId, outcome: null },
    ]);
    const metrics = await httpRequest<string>(server, 'GET', '/metrics');
    expect(metrics.body).toMatch(/^skyteller_offers_expired_total 1$/m);
  });

  it('passes a declined offer to another teller; an offer it never had cannot be taken', async () => {
    const first = track(await tellerAtDesk(server, 'teller1'));
    const second = track(await tellerAtDesk(server, 'teller2'));
    const who = await customer(NORMAL);
    const refused = await ask(second.socket, 'offer:accept', { ticketId: who.ticketId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const after = await request(first.socket, 'offer:decline', { ticketId: who.ticketId });
    expect(after).toMatchObject({ status: 'available', offer: null });
    expect(await offeredTicket(second.socket)).toBe(who.ticketId);
  });

  it('takes the offer from a teller who disconnects and marks it away', async () => {
    const first = track(await tellerAtDesk(server, 'teller1'));
    const who = await customer(NORMAL);
    expect(await offeredTicket(first.socket)).toBe(who.ticketId);
    first.socket.close();
    await waitFor(
      async () =>
        (await server.kysely.selectFrom('offers').select('outcome').executeTakeFirst())?.outcome ===
        'withdrawn',
    );
    expect(
      await server.kysely
        .selectFrom('teller_states')
        .select(['status', 'reason'])
        .where('user_id', '=', first.tellerId)
        .executeTakeFirst(),
    ).toEqual({
      status: 'away',
      reason: 'disconnected',
    });
    const second = track(await tellerAtDesk(server, 'teller2'));
    expect(await offeredTicket(second.socket)).toBe(who.ticketId);
  });
});

describe('waiting customers', () => {
  beforeEach(async () => {
    server = await startTestServer({ SKYTELLER_ABANDON_GRACE_SECONDS: '1' });
  });

  it('pushes a new position and a shorter estimate when someone ahead leaves', async () => {
    track(await tellerAtDesk(server, 'teller1', 'away'));
    const other = track(await tellerAtDesk(server, 'teller2'));
    // teller2 is busy with a first customer, so the line does not move on its own.
    const busy = await customer(NORMAL);
    await request(other.socket, 'offer:accept', { ticketId: busy.ticketId });
    const ahead = await customer(NORMAL);
    const behind = await customer(NORMAL);
    const before = await request(behind.socket, 'ticket:status', {});
    expect(before.ticket).toMatchObject({ position: 2 });
    expect(before.ticket.estimatedWaitMs).toBeGreaterThan(0);
    const moved = nextEvent(behind.socket, 'queue:position', (u) => u.position === 1);
    await request(ahead.socket, 'queue:leave', {});
    const update = await moved;
    expect(update.waiting).toBe(1);
    expect(update.estimatedWaitMs).toBeLessThan(before.ticket.estimatedWaitMs!);
  });

  it('tells the customers ahead nothing when someone joins behind them: their place and estimate are unchanged', async () => {
    const ahead = await customer(NORMAL);
    const next = nextEvent(ahead.socket, 'queue:position');
    await customer(NORMAL);
    // The next push it gets is the teller's offer, not one for the new count behind it
    // (2,000 waiting would otherwise mean 2,000 pushes per join: bench:cluster, README "Deployment").
    track(await tellerAtDesk(server, 'teller1'));
    expect(await next).toMatchObject({ ticketId: ahead.ticketId, position: 1, offered: true });
  });

  it('tells a customer a teller is being offered them, and no longer once that teller steps away', async () => {
    const waiting = await customer(NORMAL);
    const offered = nextEvent(waiting.socket, 'queue:position', (u) => u.offered);
    const teller = track(await tellerAtDesk(server, 'teller1'));
    expect(await offered).toMatchObject({ ticketId: waiting.ticketId, position: 1, offered: true });
    const withdrawn = nextEvent(waiting.socket, 'queue:position', (u) => !u.offered);
    await request(teller.socket, 'teller:setStatus', { status: 'away' });
    expect(await withdrawn).toMatchObject({ position: 1, offered: false });
  });

  it('keeps the place of a customer who reloads, and counts one who stays away as abandoned', async () => {
    const first = await customer(NORMAL);
    const second = await createTicket(server, NORMAL);
    let socket = await connect(server, { ticketToken: second.ticketToken });
    socket.close();
    socket = track(await connect(server, { ticketToken: second.ticketToken }));
    expect((await request(socket, 'ticket:status', {})).ticket.position).toBe(2);
    first.socket.close();
    await waitFor(() => server.queue.line.waitingCount === 1, 4000);
    expect((await request(socket, 'ticket:status', {})).ticket).toMatchObject({
      status: 'waiting',
      position: 1,
    });
    const row = await server.kysely
      .selectFrom('tickets')
      .select(['status', 'left_reason'])
      .where('id', '=', first.ticketId)
      .executeTakeFirst();
    expect(row).toEqual({ status: 'left', left_reason: 'abandoned' });
    const metrics = await httpRequest<string>(server, 'GET', '/metrics');
    expect(metrics.body).toMatch(/^skyteller_abandoned_total 1$/m);
    expect(metrics.body).toMatch(/^skyteller_waiting_by_priority\{priority="normal"\} 1$/m);
  });
});

describe('the supervisor board', () => {
  beforeEach(async () => {
    server = await startTestServer();
  });

  it('shows supervisors the queue, the tellers and the day, and nobody else', async () => {
    const teller = track(await tellerAtDesk(server, 'teller1', 'away'));
    await customer(ELDERLY);
    await customer(NORMAL);
    const { token } = await login(server, 'supervisor1');
    const supervisor = track(await connect(server, { token }));
    const board = await request(supervisor, 'supervisor:board', {});
    expect(board.now.waiting).toBe(2);
    expect(board.now.waitingByService).toEqual([
      { serviceId: 'consultation', byPriority: { elderly: 1, vip: 0, normal: 1 } },
    ]);
    expect(board.now.tellers).toEqual([
      expect.objectContaining({ displayName: expect.stringContaining('Teller One'), status: 'away' }),
    ]);
    expect(board.today).toMatchObject({ joined: 2, answered: 0, abandoned: 0, serviceLevelSeconds: 20 });
    expect(board.timeline.at(-1)!.waiting).toBe(2);

    const pushed = nextEvent(supervisor, 'supervisor:board', (b) => b.today.answered === 1, 4000);
    await request(teller.socket, 'teller:setStatus', { status: 'available' });
    const offer = (await stateOf(teller.socket)).offer!;
    await request(teller.socket, 'offer:accept', { ticketId: offer.ticketId });
    const live = await pushed;
    expect(live.now.calls).toHaveLength(1);
    // Masked as on the auditor's list: the board watches the queue, not the customer.
    expect(live.now.calls[0]!.customer).toMatch(/^\S\*+( \S\*+)*$/);
    expect(live.today.serviceLevel).toBe(1);

    const refused = await ask(teller.socket, 'supervisor:board', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
