import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counterKit, type CounterKit, QUEUE_CONFIG, TELLERS } from '../../test/support/counter-kit.js';

const [teller1, teller2] = TELLERS as [(typeof TELLERS)[number], (typeof TELLERS)[number]];
const outcomes = (kit: CounterKit, ticketId: string) =>
  kit.db
    .prepare('SELECT teller_id AS tellerId, outcome FROM offers WHERE ticket_id = ? ORDER BY id')
    .all(ticketId);
const ticketStatus = (kit: CounterKit, ticketId: string) =>
  (kit.db.prepare('SELECT status FROM tickets WHERE id = ?').get(ticketId) as { status: string }).status;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-02T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('offers', () => {
  it('offers the first customer to the teller idle longest, and shows it on its state', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    vi.advanceTimersByTime(1000);
    kit.atDesk(teller2);
    const ticketId = await kit.join();
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    expect(kit.offerOf(teller2.id)).toBeUndefined();
    expect(ticketStatus(kit, ticketId)).toBe('offered');
    expect(kit.queue.states.of(teller1.id)).toMatchObject({
      status: 'offered',
      waiting: 1,
      offer: { ticketId, fullName: 'Customer 1', expiresInMs: QUEUE_CONFIG.offerTimeoutMs, transfer: null },
    });
    expect(kit.newsOf('queue:tellerChanged')).toContainEqual([teller1.id]);
  });

  it('passes a declined customer to the next teller', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    kit.atDesk(teller2);
    const ticketId = await kit.join();
    vi.advanceTimersByTime(1000);
    kit.queue.offers.decline(teller1.id, ticketId);
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    expect(outcomes(kit, ticketId)).toEqual([
      { tellerId: teller1.id, outcome: 'declined' },
      { tellerId: teller2.id, outcome: null },
    ]);
    expect(() => kit.queue.offers.decline(teller1.id, ticketId)).toThrow(
      expect.objectContaining({ code: 'invalid_state' }),
    );
  });

  it('sets a teller who lets an offer expire away, and offers the customer to another', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    const ticketId = await kit.join();
    kit.atDesk(teller2);
    vi.advanceTimersByTime(QUEUE_CONFIG.offerTimeoutMs);
    expect(kit.queue.states.of(teller1.id)).toMatchObject({ status: 'away', awayReason: 'missed_offer' });
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    expect(outcomes(kit, ticketId)).toEqual([
      { tellerId: teller1.id, outcome: 'expired' },
      { tellerId: teller2.id, outcome: null },
    ]);
    expect(kit.newsOf('queue:offerExpired')).toHaveLength(1);
    expect(kit.storedStatusOf(teller1.id)).toEqual({ status: 'away', reason: 'missed_offer' });
  });

  it('hands an accepted customer to the calls: out of line, in a call with the teller', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    const ticketId = await kit.join();
    vi.advanceTimersByTime(5000);
    const call = await kit.queue.acceptance.accept(teller1.id, ticketId);
    expect(call).toMatchObject({ ticketId, teller: { displayName: teller1.displayName }, producers: [] });
    expect(kit.queue.line.waitingCount).toBe(0);
    expect(kit.calls.registry.count).toBe(1);
    expect(ticketStatus(kit, ticketId)).toBe('in_call');
    expect(outcomes(kit, ticketId)).toEqual([{ tellerId: teller1.id, outcome: 'accepted' }]);
    expect(kit.newsOf('queue:answered')).toEqual([[5000]]);
    expect(kit.queue.states.of(teller1.id)).toMatchObject({
      status: 'in_call',
      call: { callId: call.callId },
    });
    expect(kit.queue.customers.view(ticketId)).toMatchObject({ status: 'in_call', callId: call.callId });
    // Busy: the next customer goes to nobody, and the teller cannot step away mid-call.
    await kit.join();
    expect(kit.offerOf(teller1.id)).toBeUndefined();
    expect(() => kit.queue.tellers.setStatus(teller1.id, 'away')).toThrow(
      expect.objectContaining({ code: 'invalid_state' }),
    );
  });

  it('refuses to accept a customer not offered to this teller', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    kit.atDesk(teller2);
    const ticketId = await kit.join();
    await expect(kit.queue.acceptance.accept(teller2.id, ticketId)).rejects.toMatchObject({
      code: 'invalid_state',
    });
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
  });

  it('keeps the customer’s place and steps the teller away when the call’s media cannot open', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    const first = await kit.join();
    vi.advanceTimersByTime(1000);
    const second = await kit.join();
    kit.rooms.failingOpens = 1;
    await expect(kit.queue.acceptance.accept(teller1.id, first)).rejects.toMatchObject({
      code: 'media_error',
    });
    expect(kit.calls.registry.count).toBe(0);
    expect(kit.queue.states.of(teller1.id)).toMatchObject({ status: 'away', awayReason: 'media_error' });
    expect(kit.queue.customers.view(first)).toMatchObject({ status: 'waiting', position: 1 });
    expect(kit.queue.customers.view(second)).toMatchObject({ position: 2 });
    expect(kit.db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 0 });
    // Back at the desk, the teller is offered the same customer again.
    kit.queue.tellers.setStatus(teller1.id, 'available');
    expect(kit.offerOf(teller1.id)).toBe(first);
  });
});

describe('tellers at work', () => {
  it('gives a teller’s offer to another when its last page goes, and forgets the teller', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    kit.queue.tellers.connected(teller1);
    kit.atDesk(teller2);
    const ticketId = await kit.join();
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    kit.queue.tellers.disconnected(teller1.id);
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    kit.queue.tellers.disconnected(teller1.id);
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    expect(kit.queue.presence.get(teller1.id)).toBeUndefined();
    expect(kit.storedStatusOf(teller1.id)).toEqual({ status: 'away', reason: 'disconnected' });
  });

  it('lists colleagues and staffed groups to hand a call to', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    kit.queue.tellers.connected(teller2);
    const targets = kit.queue.states.transferTargets(teller1.id);
    expect(targets.tellers).toEqual([
      { tellerId: teller2.id, displayName: teller2.displayName, status: 'away' },
    ]);
    expect(targets.groups).toContainEqual({ serviceId: 'consultation', language: 'cmn', staffed: 1 });
    expect(targets.groups).toContainEqual({ serviceId: 'consultation', language: 'yue', staffed: 0 });
  });
});
