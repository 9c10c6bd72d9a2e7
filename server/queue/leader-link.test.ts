import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counterKit, type CounterKit, QUEUE_CONFIG, TELLERS } from '../../test/support/counter-kit.js';
import { openDatabase } from '../platform/database/database.js';
import { TELLER_REFRESH_MS } from './remote-tellers.js';
import { TicketStore } from './ticket-store.js';

const [teller1, teller2] = TELLERS as [(typeof TELLERS)[number], (typeof TELLERS)[number]];

/**
 * Two nodes' queues on one store: `leader` was elected, `follower` was not.
 * The follower's notices reach the leader as the adapter would carry them,
 * and the pages open on the follower are the ones the leader finds "anywhere".
 */
async function twoNodes() {
  const db = openDatabase(':memory:');
  const leader = counterKit({ db });
  const follower = counterKit({ db, leads: false });
  const pagesOnFollower = new Set<string>();
  follower.queue.link.connect({
    tell: (notice) => leader.queue.heard(notice),
    pagesAnywhere: () => Promise.resolve(false),
  });
  leader.queue.link.connect({
    tell: (notice) => follower.queue.heard(notice),
    pagesAnywhere: (ticketId) => Promise.resolve(pagesOnFollower.has(ticketId)),
  });
  // One connection for both kits: the leader's rebuild is over before the follower writes.
  await leader.led;
  // Notices go back and forth (an offer told to the teller's node, which reads the store): a few rounds.
  const settled = async () => {
    for (let round = 0; round < 4; round++) {
      await follower.settled();
      await leader.settled();
    }
  };
  return { leader, follower, pagesOnFollower, settled };
}

const positions = async (kit: CounterKit, ticketIds: string[]) =>
  (await Promise.all(ticketIds.map((id) => kit.queue.customers.view(id)))).map((view) => view.position);
const outcomes = (kit: CounterKit, ticketId: string) =>
  kit.kysely
    .selectFrom('offers')
    .select(['teller_id as tellerId', 'outcome'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-02T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('one line, two nodes', () => {
  it('puts customers who join on either node in one line, in join order, and offers each once', async () => {
    const { leader, follower, settled } = await twoNodes();
    const first = await leader.join();
    vi.advanceTimersByTime(1000);
    const second = await follower.join();
    vi.advanceTimersByTime(1000);
    const third = await leader.join();
    await settled();
    // The follower stored its customer and keeps no line of its own.
    expect(follower.queue.line.waitingCount).toBe(0);
    expect(await positions(leader, [first, second, third])).toEqual([1, 2, 3]);

    await leader.atDesk(teller1);
    expect(leader.offerOf(teller1.id)).toBe(first);
    await leader.queue.acceptance.accept(teller1.id, first);
    for (const ticketId of [first, second, third])
      expect((await outcomes(leader, ticketId)).length).toBeLessThanOrEqual(1);
    expect(await positions(leader, [second, third])).toEqual([1, 2]);
  });

  it('takes a customer who leaves on the follower out of the leader’s line, withdrawing its offer', async () => {
    const { leader, follower, settled } = await twoNodes();
    await leader.atDesk(teller1);
    const ticketId = await follower.join();
    await settled();
    expect(leader.offerOf(teller1.id)).toBe(ticketId);
    await follower.queue.customers.leave(ticketId);
    await settled();
    expect(leader.queue.line.isWaiting(ticketId)).toBe(false);
    expect(leader.offerOf(teller1.id)).toBeUndefined();
    expect(await outcomes(leader, ticketId)).toEqual([{ tellerId: teller1.id, outcome: 'withdrawn' }]);
    // Once gone, it cannot leave again on either node.
    await expect(follower.queue.customers.leave(ticketId)).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('answers a burst of the follower’s joins with few reloads of the line, not one each, and has them all in order', async () => {
    const { leader, follower, settled } = await twoNodes();
    // The leader's line is read back from the store once per reload (README, "Queue leader").
    const reads = vi.spyOn(TicketStore.prototype, 'listQueued');
    // The leader is busy (a turn of its own runs) while the follower's customers join.
    let release!: () => void;
    const busy = leader.queue.turns.run(() => new Promise<void>((resolve) => (release = resolve)));
    const joined = [];
    for (let i = 0; i < 20; i++) joined.push(await follower.join());
    release();
    await busy;
    await settled();
    // Notices that come while a reload waits for its turn are answered by that reload: it reads
    // the store after they were written. (Each one a reload of its own made the leader's queue
    // turns fall minutes behind with 2,000 waiting: bench:cluster, README "Deployment".)
    expect(reads.mock.calls.length).toBeLessThanOrEqual(3);
    reads.mockRestore();
    expect(await positions(leader, joined)).toEqual(joined.map((_, i) => i + 1));
  });

  it('keeps the place of a customer whose page is open on the follower; its last page going starts the grace period', async () => {
    const { leader, follower, pagesOnFollower, settled } = await twoNodes();
    const ticketId = await follower.join();
    await follower.queue.customers.connected(ticketId);
    pagesOnFollower.add(ticketId);
    await settled();
    expect(leader.newsOf('queue:positionAsked')).toEqual([[ticketId]]);
    await vi.advanceTimersByTimeAsync(QUEUE_CONFIG.abandonGraceMs * 2);
    await settled();
    expect(leader.queue.line.isWaiting(ticketId)).toBe(true);

    await follower.queue.customers.disconnected(ticketId);
    pagesOnFollower.delete(ticketId);
    await settled();
    await vi.advanceTimersByTimeAsync(QUEUE_CONFIG.abandonGraceMs);
    await settled();
    expect(leader.queue.line.isWaiting(ticketId)).toBe(false);
    expect(
      await leader.kysely
        .selectFrom('tickets')
        .select('left_reason')
        .where('id', '=', ticketId)
        .executeTakeFirst(),
    ).toEqual({ left_reason: 'abandoned' });
  });

  it('takes a customer for gone within two grace periods when the node its page was on dies without a word', async () => {
    const { leader, follower, pagesOnFollower, settled } = await twoNodes();
    const ticketId = await follower.join();
    await follower.queue.customers.connected(ticketId);
    pagesOnFollower.add(ticketId);
    await settled();
    await vi.advanceTimersByTimeAsync(QUEUE_CONFIG.abandonGraceMs);
    await settled();
    expect(leader.queue.line.isWaiting(ticketId)).toBe(true);
    // The follower's process is gone: no notice, and no page anywhere.
    pagesOnFollower.delete(ticketId);
    await vi.advanceTimersByTimeAsync(QUEUE_CONFIG.abandonGraceMs);
    await settled();
    expect(leader.queue.line.isWaiting(ticketId)).toBe(false);
  });

  it('moves the leadership: the other node rebuilds the same line from the store and its next offer is accepted', async () => {
    const { leader, follower, settled } = await twoNodes();
    await leader.atDesk(teller1);
    const first = await leader.join();
    vi.advanceTimersByTime(1000);
    const second = await follower.join();
    await settled();
    expect(leader.offerOf(teller1.id)).toBe(first);

    leader.queue.follow();
    await follower.queue.tellers.connected(teller1);
    expect(await follower.queue.lead(follower.electAnother())).toBe(2);
    expect(await positions(follower, [first, second])).toEqual([1, 2]);
    // The old leader's open offer was withdrawn; the teller (back at its desk on this node) is offered afresh.
    await follower.queue.tellers.setStatus(teller1.id, 'available');
    expect(follower.offerOf(teller1.id)).toBe(first);
    expect(await outcomes(follower, first)).toEqual([
      { tellerId: teller1.id, outcome: 'withdrawn' },
      { tellerId: teller1.id, outcome: null },
    ]);
    const { callId } = await follower.queue.acceptance.accept(teller1.id, first);
    expect(follower.calls.registry.get(callId)).toBeDefined();
    // The old leader, deposed, has its own late decisions refused.
    await expect(leader.queue.acceptance.accept(teller1.id, second)).rejects.toMatchObject({
      code: 'invalid_state',
    });
  });
});

describe('a teller whose page is on the node that does not lead', () => {
  it('is offered by the leader, sees the stored offer, and accepts it on its node, where the call starts', async () => {
    const { leader, follower, settled } = await twoNodes();
    await follower.atDesk(teller1);
    await settled();
    expect(leader.queue.presence.get(teller1.id)).toMatchObject({ remote: true, status: 'available' });
    const first = await leader.join();
    vi.advanceTimersByTime(1000);
    const second = await follower.join();
    await settled();
    expect(leader.offerOf(teller1.id)).toBe(first);
    expect(follower.queue.states.of(teller1.id)).toMatchObject({
      status: 'offered',
      offer: { ticketId: first, fullName: 'Customer 1' },
    });

    const { callId } = await follower.queue.acceptance.accept(teller1.id, first);
    await settled();
    expect(follower.calls.registry.get(callId)).toBeDefined();
    expect(leader.queue.line.isWaiting(first)).toBe(false);
    // Busy on its node, so the leader offers it nobody else; the second customer is first in line.
    expect(leader.queue.presence.get(teller1.id)).toMatchObject({ busy: true });
    expect(leader.offerOf(teller1.id)).toBeUndefined();
    expect(await positions(leader, [second])).toEqual([1]);
    expect(await outcomes(leader, first)).toEqual([{ tellerId: teller1.id, outcome: 'accepted' }]);
    // An offer it was never made is refused against the store.
    await expect(follower.queue.acceptance.accept(teller1.id, second)).rejects.toMatchObject({
      code: 'invalid_state',
    });
  });

  it('passes a declined offer back to the leader, and follows the leader setting it away when an offer expires', async () => {
    const { leader, follower, settled } = await twoNodes();
    await follower.atDesk(teller1);
    await settled();
    const ticketId = await leader.join();
    await settled();
    await follower.queue.offers.decline(teller1.id, ticketId);
    await settled();
    expect(await outcomes(leader, ticketId)).toEqual([
      { tellerId: teller1.id, outcome: 'declined' },
      { tellerId: teller1.id, outcome: null },
    ]);
    expect(follower.queue.states.of(teller1.id)).toMatchObject({ status: 'offered', offer: { ticketId } });

    await vi.advanceTimersByTimeAsync(QUEUE_CONFIG.offerTimeoutMs);
    await settled();
    expect(follower.queue.states.of(teller1.id)).toMatchObject({
      status: 'away',
      awayReason: 'missed_offer',
      offer: null,
    });
    expect(leader.offerOf(teller1.id)).toBeUndefined();
  });

  it('is forgotten by the leader when its node stops telling of it, and offered nobody', async () => {
    const { leader, follower, settled } = await twoNodes();
    await follower.atDesk(teller1);
    await vi.advanceTimersByTimeAsync(TELLER_REFRESH_MS * 4);
    await settled();
    // Told again every few seconds: still routed.
    expect(leader.queue.presence.get(teller1.id)).toMatchObject({ remote: true, status: 'available' });
    // The follower's node dies: nothing more is heard of it.
    follower.queue.link.connect({ tell: () => undefined, pagesAnywhere: () => Promise.resolve(false) });
    await vi.advanceTimersByTimeAsync(TELLER_REFRESH_MS * 4);
    await settled();
    expect(leader.queue.presence.get(teller1.id)).toBeUndefined();
    // Idle longer, teller1 would have been offered the customer first.
    await leader.atDesk(teller2);
    const ticketId = await leader.join();
    expect(leader.offerOf(teller2.id)).toBe(ticketId);
  });

  it('is routed by the next leader too, which asks every node for its tellers', async () => {
    const { leader, follower, settled } = await twoNodes();
    await follower.atDesk(teller1);
    const ticketId = await follower.join();
    await settled();
    expect(leader.offerOf(teller1.id)).toBe(ticketId);
    // The leader's node goes (it follows now); a third node, elected, rebuilds the line and asks.
    leader.queue.follow();
    const third = counterKit({ db: leader.db, leads: false });
    follower.queue.link.connect({
      tell: (notice) => third.queue.heard(notice),
      pagesAnywhere: async () => false,
    });
    third.queue.link.connect({
      tell: (notice) => follower.queue.heard(notice),
      pagesAnywhere: async () => true,
    });
    expect(await third.queue.lead(third.electAnother())).toBe(1);
    for (let round = 0; round < 4; round++) {
      await settled();
      await third.settled();
    }
    expect(third.queue.presence.get(teller1.id)).toMatchObject({ remote: true });
    expect(third.offerOf(teller1.id)).toBe(ticketId);
    expect(follower.queue.states.of(teller1.id)).toMatchObject({ status: 'offered', offer: { ticketId } });
  });
});
