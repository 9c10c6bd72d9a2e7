import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counterKit, type CounterKit, QUEUE_CONFIG, TELLERS } from '../../test/support/counter-kit.js';
import { OfferStore } from './offer-store.js';

const [teller1, teller2, teller3] = TELLERS as [
  (typeof TELLERS)[number],
  (typeof TELLERS)[number],
  (typeof TELLERS)[number],
];
const outcomes = (kit: CounterKit, ticketId: string) =>
  kit.kysely
    .selectFrom('offers')
    .select(['teller_id as tellerId', 'outcome'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
const ticketStatus = async (kit: CounterKit, ticketId: string) =>
  (
    await kit.kysely
      .selectFrom('tickets')
      .select('status')
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow()
  ).status;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-02T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('offers', () => {
  it('offers the first customer to the teller idle longest, and shows it on its state', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    vi.advanceTimersByTime(1000);
    await kit.atDesk(teller2);
    const ticketId = await kit.join();
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    expect(kit.offerOf(teller2.id)).toBeUndefined();
    expect(await ticketStatus(kit, ticketId)).toBe('offered');
    expect(kit.queue.states.of(teller1.id)).toMatchObject({
      status: 'offered',
      waiting: 1,
      offer: { ticketId, fullName: 'Customer 1', expiresInMs: QUEUE_CONFIG.offerTimeoutMs, transfer: null },
    });
    expect(kit.newsOf('queue:tellerChanged')).toContainEqual([teller1.id]);
  });

  it('passes a declined customer to the next teller', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    await kit.atDesk(teller2);
    const ticketId = await kit.join();
    vi.advanceTimersByTime(1000);
    await kit.queue.offers.decline(teller1.id, ticketId);
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    expect(await outcomes(kit, ticketId)).toEqual([
      { tellerId: teller1.id, outcome: 'declined' },
      { tellerId: teller2.id, outcome: null },
    ]);
    await expect(kit.queue.offers.decline(teller1.id, ticketId)).rejects.toMatchObject({
      code: 'invalid_state',
    });
  });

  it('sets a teller who lets an offer expire away, and offers the customer to another', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    const ticketId = await kit.join();
    await kit.atDesk(teller2);
    await vi.advanceTimersByTimeAsync(QUEUE_CONFIG.offerTimeoutMs);
    await kit.settled();
    expect(kit.queue.states.of(teller1.id)).toMatchObject({ status: 'away', awayReason: 'missed_offer' });
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    expect(await outcomes(kit, ticketId)).toEqual([
      { tellerId: teller1.id, outcome: 'expired' },
      { tellerId: teller2.id, outcome: null },
    ]);
    expect(kit.newsOf('queue:offerExpired')).toHaveLength(1);
    expect(await kit.storedStatusOf(teller1.id)).toEqual({ status: 'away', reason: 'missed_offer' });
  });

  it('hands an accepted customer to the calls: out of line, in a call with the teller', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    const ticketId = await kit.join();
    vi.advanceTimersByTime(5000);
    const call = await kit.queue.acceptance.accept(teller1.id, ticketId);
    expect(call).toMatchObject({ ticketId, teller: { displayName: teller1.displayName }, producers: [] });
    expect(kit.queue.line.waitingCount).toBe(0);
    expect(kit.calls.registry.count).toBe(1);
    expect(await ticketStatus(kit, ticketId)).toBe('in_call');
    expect(await outcomes(kit, ticketId)).toEqual([{ tellerId: teller1.id, outcome: 'accepted' }]);
    expect(kit.newsOf('queue:answered')).toEqual([[5000]]);
    expect(kit.queue.states.of(teller1.id)).toMatchObject({
      status: 'in_call',
      call: { callId: call.callId },
    });
    expect(await kit.queue.customers.view(ticketId)).toMatchObject({
      status: 'in_call',
      callId: call.callId,
    });
    // Busy: the next customer goes to nobody, and the teller cannot step away mid-call.
    await kit.join();
    expect(kit.offerOf(teller1.id)).toBeUndefined();
    await expect(kit.queue.tellers.setStatus(teller1.id, 'away')).rejects.toMatchObject({
      code: 'invalid_state',
    });
  });

  it('refuses to accept a customer not offered to this teller', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    await kit.atDesk(teller2);
    const ticketId = await kit.join();
    await expect(kit.queue.acceptance.accept(teller2.id, ticketId)).rejects.toMatchObject({
      code: 'invalid_state',
    });
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
  });

  it('keeps the customer’s place and steps the teller away when the call’s media cannot open', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    const first = await kit.join();
    vi.advanceTimersByTime(1000);
    const second = await kit.join();
    kit.rooms.failingOpens = 1;
    await expect(kit.queue.acceptance.accept(teller1.id, first)).rejects.toMatchObject({
      code: 'media_error',
    });
    expect(kit.calls.registry.count).toBe(0);
    expect(kit.queue.states.of(teller1.id)).toMatchObject({ status: 'away', awayReason: 'media_error' });
    expect(await kit.queue.customers.view(first)).toMatchObject({ status: 'waiting', position: 1 });
    expect(await kit.queue.customers.view(second)).toMatchObject({ position: 2 });
    expect(kit.db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 0 });
    // Back at the desk, the teller is offered the same customer again.
    await kit.queue.tellers.setStatus(teller1.id, 'available');
    expect(kit.offerOf(teller1.id)).toBe(first);
  });
});

describe('offers with the store written asynchronously', () => {
  it('makes each offer once when joins and tellers arrive all at once, as the store says', async () => {
    const kit = counterKit();
    const joined = Promise.all([1, 2, 3, 4].map(() => kit.join()));
    const arrived = Promise.all([teller1, teller2, teller3].map((teller) => kit.atDesk(teller)));
    const [tickets] = await Promise.all([joined, arrived]);
    const offered = TELLERS.map((teller) => kit.offerOf(teller.id));
    expect(offered.every((ticketId) => ticketId !== undefined)).toBe(true);
    expect(new Set(offered).size).toBe(3);
    const open = await kit.kysely
      .selectFrom('offers')
      .select(['ticket_id as ticketId', 'teller_id as tellerId'])
      .where('resolved_at', 'is', null)
      .orderBy('teller_id')
      .execute();
    expect(open).toEqual(TELLERS.map((teller, i) => ({ ticketId: offered[i], tellerId: teller.id })));
    const statuses = await Promise.all(tickets.map((ticketId) => ticketStatus(kit, ticketId)));
    expect(statuses.filter((status) => status === 'offered')).toHaveLength(3);
  });

  it('does not make an offer the store could not take; the join stands and the next dispatch makes it', async () => {
    const errors: unknown[] = [];
    const kit = counterKit({ onError: (error) => errors.push(error) });
    await kit.atDesk(teller1);
    vi.spyOn(OfferStore.prototype, 'insert').mockRejectedValueOnce(new Error('disk full'));
    const ticketId = await kit.join();
    expect(errors).toEqual([new Error('disk full')]);
    expect(kit.offerOf(teller1.id)).toBeUndefined();
    expect(await ticketStatus(kit, ticketId)).toBe('waiting');
    expect(await outcomes(kit, ticketId)).toEqual([]);
    expect(await kit.queue.customers.view(ticketId)).toMatchObject({ status: 'waiting', position: 1 });
    await kit.queue.offers.dispatch();
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    expect(await outcomes(kit, ticketId)).toEqual([{ tellerId: teller1.id, outcome: null }]);
  });

  it('keeps the customer offered and the teller free when the acceptance cannot be stored', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    const ticketId = await kit.join();
    vi.spyOn(OfferStore.prototype, 'resolve').mockRejectedValueOnce(new Error('disk full'));
    await expect(kit.queue.acceptance.accept(teller1.id, ticketId)).rejects.toThrow('disk full');
    expect(kit.calls.registry.count).toBe(0);
    expect(kit.queue.line.isWaiting(ticketId)).toBe(true);
    // The store still has the offer open; the engine offers the customer again, to the same teller.
    await kit.queue.offers.dispatch();
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
  });
});

describe('the queue leader', () => {
  it('makes no offer while it follows, and offers as soon as it is elected', async () => {
    const kit = counterKit({ leads: false });
    await kit.atDesk(teller1);
    const ticketId = await kit.join();
    expect(kit.offerOf(teller1.id)).toBeUndefined();
    expect(await outcomes(kit, ticketId)).toEqual([]);
    expect(await kit.queue.lead(kit.electAnother())).toBe(1);
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    expect(await ticketStatus(kit, ticketId)).toBe('offered');
  });

  it('has a deposed leader’s offer refused by the store and taken back, the customer keeping its place', async () => {
    const errors: unknown[] = [];
    const kit = counterKit({ onError: (error) => errors.push(error) });
    await kit.atDesk(teller1);
    // Another node was elected; this one has not noticed yet.
    kit.electAnother();
    const ticketId = await kit.join();
    expect(errors).toMatchObject([{ code: 'stale_leader_epoch' }]);
    expect(kit.offerOf(teller1.id)).toBeUndefined();
    expect(await outcomes(kit, ticketId)).toEqual([]);
    expect(await ticketStatus(kit, ticketId)).toBe('waiting');
    expect(kit.queue.line.isWaiting(ticketId)).toBe(true);
  });

  it('refuses the acceptance of an offer made under an epoch that no longer leads', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    const ticketId = await kit.join();
    kit.electAnother();
    await expect(kit.queue.acceptance.accept(teller1.id, ticketId)).rejects.toMatchObject({
      code: 'stale_leader_epoch',
    });
    expect(kit.calls.registry.count).toBe(0);
    expect(await outcomes(kit, ticketId)).toEqual([{ tellerId: teller1.id, outcome: null }]);
  });

  it('deposed, lets no offer expire; elected again, rebuilds the line from the store in join order', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    const first = await kit.join();
    const second = await kit.join();
    expect(kit.offerOf(teller1.id)).toBe(first);
    kit.queue.follow();
    await vi.advanceTimersByTimeAsync(QUEUE_CONFIG.offerTimeoutMs * 2);
    await kit.settled();
    // Nothing expired, nothing stored: the offer is still open in the store, and this node keeps no line.
    expect(await outcomes(kit, first)).toEqual([{ tellerId: teller1.id, outcome: null }]);
    expect(kit.queue.line.waitingCount).toBe(0);
    expect(kit.offerOf(teller1.id)).toBeUndefined();

    expect(await kit.queue.lead(kit.electAnother())).toBe(2);
    // The open offer went with the old epoch: withdrawn, and the first customer offered afresh.
    expect(await outcomes(kit, first)).toEqual([
      { tellerId: teller1.id, outcome: 'withdrawn' },
      { tellerId: teller1.id, outcome: null },
    ]);
    expect(kit.offerOf(teller1.id)).toBe(first);
    const views = await Promise.all([first, second].map((id) => kit.queue.customers.view(id)));
    expect(views.map((view) => view.position)).toEqual([1, 2]);
    const { callId } = await kit.queue.acceptance.accept(teller1.id, first);
    expect(kit.calls.registry.get(callId)).toBeDefined();
  });
});

describe('tellers at work', () => {
  it('counts two pages of a teller opening at once, though its profile is read from the store in between', async () => {
    const kit = counterKit();
    await Promise.all([kit.queue.tellers.connected(teller1), kit.queue.tellers.connected(teller1)]);
    expect(kit.queue.presence.get(teller1.id)?.pages).toBe(2);
    await kit.queue.tellers.disconnected(teller1.id);
    expect(kit.queue.presence.get(teller1.id)).toBeDefined();
  });

  it('gives a teller’s offer to another when its last page goes, and forgets the teller', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    await kit.queue.tellers.connected(teller1);
    await kit.atDesk(teller2);
    const ticketId = await kit.join();
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    await kit.queue.tellers.disconnected(teller1.id);
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    await kit.queue.tellers.disconnected(teller1.id);
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    expect(kit.queue.presence.get(teller1.id)).toBeUndefined();
    expect(await kit.storedStatusOf(teller1.id)).toEqual({ status: 'away', reason: 'disconnected' });
  });

  it('lists colleagues and staffed groups to hand a call to', async () => {
    const kit = counterKit();
    await kit.atDesk(teller1);
    await kit.queue.tellers.connected(teller2);
    const targets = kit.queue.states.transferTargets(teller1.id);
    expect(targets.tellers).toEqual([
      { tellerId: teller2.id, displayName: teller2.displayName, status: 'away' },
    ]);
    expect(targets.groups).toContainEqual({ serviceId: 'consultation', language: 'cmn', staffed: 1 });
    expect(targets.groups).toContainEqual({ serviceId: 'consultation', language: 'yue', staffed: 0 });
  });
});
