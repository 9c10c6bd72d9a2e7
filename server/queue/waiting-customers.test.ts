import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../platform/database/database.js';
import { counterKit, type CounterKit, QUEUE_CONFIG, TELLERS } from '../../test/support/counter-kit.js';

const [teller1] = TELLERS as [(typeof TELLERS)[number]];
const statusOf = (kit: CounterKit, ticketId: string) =>
  kit.db.prepare('SELECT status, left_reason FROM tickets WHERE id = ?').get(ticketId);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-02T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('customers waiting in line', () => {
  it('stores the ticket with its recording consent and gives its place and estimate', async () => {
    const kit = counterKit();
    const first = await kit.join();
    const second = await kit.join();
    expect(kit.eventTypes(first)).toEqual(['consent.recording', 'queue.joined']);
    expect(kit.queue.line.waitingCount).toBe(2);
    // Nobody who could serve them is at work: a place but no estimate.
    expect(kit.queue.customers.view(second)).toMatchObject({
      status: 'waiting',
      position: 2,
      estimatedWaitMs: null,
      callId: null,
    });
    kit.queue.tellers.connected(teller1);
    kit.queue.tellers.setStatus(teller1.id, 'available');
    // teller1 is offered the first, who keeps its place until it answers: the second is two calls away.
    expect(kit.queue.customers.view(second)).toMatchObject({
      position: 2,
      estimatedWaitMs: 2 * QUEUE_CONFIG.defaultHandleMs,
    });
    expect(kit.newsOf('queue:queueChanged')).toHaveLength(2);
  });

  it('refuses a join form with bad fields, naming them', async () => {
    const kit = counterKit();
    await expect(kit.join({ phone: 'call me' })).rejects.toMatchObject({ code: 'invalid_payload' });
    expect(kit.queue.line.waitingCount).toBe(0);
  });

  it('lets a customer leave the line once, and withdraws its offer', async () => {
    const kit = counterKit();
    kit.atDesk(teller1);
    const ticketId = await kit.join();
    expect(kit.offerOf(teller1.id)).toBe(ticketId);
    await kit.queue.customers.leave(ticketId);
    expect(kit.offerOf(teller1.id)).toBeUndefined();
    expect(statusOf(kit, ticketId)).toEqual({ status: 'left', left_reason: 'customer' });
    expect(kit.eventTypes(ticketId).at(-1)).toBe('queue.left');
    expect(kit.db.prepare('SELECT outcome FROM offers WHERE ticket_id = ?').get(ticketId)).toEqual({
      outcome: 'withdrawn',
    });
    await expect(kit.queue.customers.leave(ticketId)).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('takes a customer whose page stays away past the grace period for gone, not one who came back', async () => {
    const kit = counterKit();
    const stays = await kit.join();
    const goes = await kit.join();
    kit.queue.customers.connected(stays);
    kit.queue.customers.connected(goes);
    kit.queue.customers.disconnected(goes);
    // A page that drops and comes back in time keeps its place.
    kit.queue.customers.disconnected(stays);
    vi.advanceTimersByTime(QUEUE_CONFIG.abandonGraceMs - 1);
    kit.queue.customers.connected(stays);
    vi.advanceTimersByTime(1);
    await kit.settled();
    expect(statusOf(kit, goes)).toEqual({ status: 'left', left_reason: 'abandoned' });
    expect(kit.eventTypes(goes).at(-1)).toBe('queue.abandoned');
    expect(kit.newsOf('queue:abandoned')).toHaveLength(1);
    vi.advanceTimersByTime(QUEUE_CONFIG.abandonGraceMs);
    expect(kit.queue.customers.view(stays)).toMatchObject({ status: 'waiting', position: 1 });
  });

  it('counts pages: only the last one going starts the grace period', async () => {
    const kit = counterKit();
    const ticketId = await kit.join();
    kit.queue.customers.connected(ticketId);
    kit.queue.customers.connected(ticketId);
    kit.queue.customers.disconnected(ticketId);
    vi.advanceTimersByTime(QUEUE_CONFIG.abandonGraceMs * 2);
    expect(kit.queue.line.isWaiting(ticketId)).toBe(true);
    kit.queue.customers.disconnected(ticketId);
    vi.advanceTimersByTime(QUEUE_CONFIG.abandonGraceMs);
    expect(kit.queue.line.isWaiting(ticketId)).toBe(false);
  });

  it('after a restart, puts the line back as it was, offers withdrawn, and lets the absent go after the grace period', async () => {
    const db = openDatabase(':memory:');
    const before = counterKit({ db });
    before.atDesk(teller1);
    const offered = await before.join();
    const elderly = await before.join({ idType: 'cn-resident', idNumber: '11010519491231002X' });
    const normal = await before.join();
    expect(before.offerOf(teller1.id)).toBe(offered);
    before.queue.stop();

    const after = counterKit({ db });
    expect(await after.queue.restore()).toBe(3);
    expect(after.queue.line.waitingCount).toBe(3);
    expect(db.prepare('SELECT outcome FROM offers WHERE ticket_id = ?').get(offered)).toEqual({
      outcome: 'withdrawn',
    });
    expect(statusOf(after, offered)).toEqual({ status: 'waiting', left_reason: null });
    expect([elderly, offered, normal].map((id) => after.queue.customers.view(id).position)).toEqual([
      1, 2, 3,
    ]);
    after.queue.customers.connected(elderly);
    vi.advanceTimersByTime(QUEUE_CONFIG.abandonGraceMs);
    expect(after.queue.line.waitingCount).toBe(1);
    expect(after.queue.line.isWaiting(elderly)).toBe(true);
  });
});
