import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counterKit, QUEUE_CONFIG, TELLERS } from '../../test/support/counter-kit.js';
import { CUSTOMER_KEY, tellerKey } from './participants.js';

const [teller1, teller2] = TELLERS as [(typeof TELLERS)[number], (typeof TELLERS)[number]];
const GRACE = QUEUE_CONFIG.rejoinGraceMs;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-02T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The timers fire, and the queue turns they start (and the calls' news they bring) have run. */
async function advance(kit: { settled(): Promise<void> }, ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  await kit.settled();
}

async function customerInCall() {
  const kit = counterKit();
  const { ticketId, call } = await kit.inCall();
  await kit.queue.customers.connected(ticketId);
  const closed = vi.spyOn(call.room, 'closeParticipant');
  return { kit, ticketId, call, closed };
}

describe('a side of a call that drops out', () => {
  it('may come back within the grace period: its old media goes, the call goes on', async () => {
    const { kit, ticketId, call, closed } = await customerInCall();
    await kit.queue.customers.disconnected(ticketId);
    expect(closed).toHaveBeenCalledWith(CUSTOMER_KEY);
    expect(kit.newsOf('calls:peerConnection')).toEqual([[call.callId, CUSTOMER_KEY, false]]);
    vi.advanceTimersByTime(GRACE - 1);
    await kit.queue.customers.connected(ticketId);
    vi.advanceTimersByTime(GRACE);
    await kit.settled();
    expect(kit.calls.registry.get(call.callId)).toBe(call);
    expect(kit.newsOf('calls:peerConnection')).toEqual([
      [call.callId, CUSTOMER_KEY, false],
      [call.callId, CUSTOMER_KEY, true],
    ]);
    expect(kit.eventTypes(ticketId).slice(-2)).toEqual([
      'call.participant.left',
      'call.participant.rejoined',
    ]);
    expect(kit.newsOf('calls:callEnded')).toEqual([]);
  });

  it('ends the call when the customer is not back within the grace period', async () => {
    const { kit, ticketId, call } = await customerInCall();
    await kit.queue.customers.disconnected(ticketId);
    vi.advanceTimersByTime(GRACE);
    await kit.settled();
    expect(kit.calls.registry.count).toBe(0);
    expect(kit.newsOf('calls:callEnded').map(([e]) => e)).toEqual([
      expect.objectContaining({ callId: call.callId, reason: 'customer_disconnected' }),
    ]);
    // Coming back afterwards changes nothing, and nobody is waited for.
    await kit.queue.customers.connected(ticketId);
    expect(kit.newsOf('calls:peerConnection')).toHaveLength(1);
  });

  it('a second page connecting drops the media the first one left, without a rejoin', async () => {
    const { kit, ticketId, closed } = await customerInCall();
    await kit.queue.customers.connected(ticketId);
    expect(closed).toHaveBeenCalledWith(CUSTOMER_KEY);
    expect(kit.newsOf('calls:peerConnection')).toEqual([]);
  });

  it('keeps a teller’s desk through the grace period; past it, the call ends and the teller is away and gone', async () => {
    const kit = counterKit();
    const { call } = await kit.inCall(teller1);
    const next = await kit.join();
    await kit.queue.customers.connected(next);
    await kit.queue.tellers.disconnected(teller1.id);
    expect(kit.newsOf('calls:peerConnection')).toEqual([[call.callId, tellerKey(teller1.id), false]]);
    expect(kit.queue.presence.get(teller1.id)).toBeDefined();
    vi.advanceTimersByTime(GRACE);
    await kit.settled();
    expect(kit.newsOf('calls:callEnded').map(([e]) => e)).toEqual([
      expect.objectContaining({ callId: call.callId, reason: 'teller_disconnected', tellerId: teller1.id }),
    ]);
    expect(kit.queue.presence.get(teller1.id)).toBeUndefined();
    expect(await kit.storedStatusOf(teller1.id)).toEqual({ status: 'away', reason: 'disconnected' });
    // Away before its call ended: the teller whose page went was never offered the customer waiting.
    expect(kit.db.prepare('SELECT COUNT(*) AS n FROM offers WHERE ticket_id = ?').get(next)).toEqual({
      n: 0,
    });
    await kit.atDesk(teller2);
    expect(kit.offerOf(teller2.id)).toBe(next);
  });

  it('a teller back within the grace period finds its call', async () => {
    const kit = counterKit();
    const { call } = await kit.inCall(teller1);
    await kit.queue.tellers.disconnected(teller1.id);
    await advance(kit, GRACE - 1);
    await kit.queue.tellers.connected(teller1);
    await advance(kit, GRACE);
    expect(kit.queue.states.of(teller1.id)).toMatchObject({
      status: 'in_call',
      call: { callId: call.callId },
    });
    expect(kit.newsOf('calls:peerConnection').at(-1)).toEqual([call.callId, tellerKey(teller1.id), true]);
  });

  it('waits for nobody once the server is stopping', async () => {
    const { kit, ticketId } = await customerInCall();
    kit.queue.stop();
    kit.calls.stop();
    await kit.queue.customers.disconnected(ticketId);
    await advance(kit, GRACE * 2);
    expect(kit.calls.registry.count).toBe(1);
    expect(kit.newsOf('calls:peerConnection')).toEqual([]);
  });
});
