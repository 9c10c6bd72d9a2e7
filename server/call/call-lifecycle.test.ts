import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../platform/database/database.js';
import { counterKit, customer, staff, type CounterKit, TELLERS } from '../../test/support/counter-kit.js';
import { CUSTOMER_KEY, tellerKey } from './participants.js';

const [teller1, teller2] = TELLERS as [(typeof TELLERS)[number], (typeof TELLERS)[number]];
const storedCall = (kit: CounterKit, callId: string) =>
  kit.db.prepare('SELECT ended_at AS endedAt, end_reason AS endReason FROM calls WHERE id = ?').get(callId);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-02T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a call’s life', () => {
  it('starts with its media room, stored with its ticket, and announced once', async () => {
    const kit = counterKit();
    const { ticketId, call } = await kit.inCall();
    expect(kit.rooms.get(call.callId)).toBe(call.room);
    expect(kit.eventTypes(ticketId)).toEqual(['consent.recording', 'queue.joined', 'call.started']);
    expect(kit.db.prepare('SELECT status FROM tickets WHERE id = ?').get(ticketId)).toEqual({
      status: 'in_call',
    });
    const started = kit.newsOf('calls:callStarted');
    expect(started).toHaveLength(1);
    expect(started[0]![0]).toMatchObject({
      callId: call.callId,
      ticketId,
      customer: { fullName: 'Customer 1' },
    });
    expect(started[0]![1]).toBe(call.room);
  });

  it('lets only its participants at its room, and says who they are', async () => {
    const kit = counterKit();
    const { ticketId, call } = await kit.inCall();
    const { registry } = kit.calls;
    expect(registry.roomFor(customer(ticketId), call.callId)).toEqual({
      room: call.room,
      participantKey: CUSTOMER_KEY,
    });
    expect(registry.roomFor(staff(teller1), call.callId).participantKey).toBe(tellerKey(teller1.id));
    expect(() => registry.roomFor(staff(teller2), call.callId)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => registry.roomFor(customer('another'), call.callId)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => registry.roomFor(customer(ticketId), 'no-such-call')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(registry.participantsOf(call.callId)).toEqual([
      { key: CUSTOMER_KEY, role: 'customer', ticketId },
      { key: tellerKey(teller1.id), role: 'teller', tellerId: teller1.id },
    ]);
  });

  it('ends once, for one reason, told once; its teller is free for the next customer', async () => {
    const kit = counterKit();
    const { ticketId, call } = await kit.inCall();
    const next = await kit.join();
    await kit.queue.customers.connected(next);
    vi.advanceTimersByTime(90_000);
    await expect(kit.calls.lifecycle.hangUp(staff(teller2), call.callId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    // A hang-up and another end crossing it: the first one ends the call, the other finds it gone.
    await Promise.all([
      kit.calls.lifecycle.hangUp(customer(ticketId), call.callId),
      kit.calls.lifecycle.end(call.callId, 'teller_hung_up'),
    ]);
    expect(kit.newsOf('calls:callEnded')).toEqual([
      [
        {
          callId: call.callId,
          ticketId,
          serviceId: 'consultation',
          tellerId: teller1.id,
          reason: 'customer_hung_up',
          startedAt: call.startedAt,
          endedAt: call.startedAt + 90_000,
          transferId: null,
        },
      ],
    ]);
    expect(storedCall(kit, call.callId)).toEqual({
      endedAt: call.startedAt + 90_000,
      endReason: 'customer_hung_up',
    });
    expect(kit.eventTypes(ticketId).filter((t) => t === 'call.ended')).toHaveLength(1);
    expect(call.room.closed).toBe(true);
    expect(kit.calls.registry.count).toBe(0);
    // The queue heard of it (in turns of its own): the teller is free and offered the next customer,
    // whose estimate learnt the call's length.
    await kit.settled();
    expect(kit.offerOf(teller1.id)).toBe(next);
    expect(await kit.queue.customers.view(await kit.join())).toMatchObject({
      position: 2,
      estimatedWaitMs: 2 * 90_000,
    });
  });

  it('ends when its media router dies', async () => {
    const kit = counterKit();
    const { call } = await kit.inCall();
    kit.rooms.crash(call.callId);
    await kit.settled();
    expect(kit.newsOf('calls:callEnded').map(([e]) => (e as { reason: string }).reason)).toEqual([
      'media_failure',
    ]);
    expect(storedCall(kit, call.callId)).toMatchObject({ endReason: 'media_failure' });
  });

  it('ends every call at shutdown', async () => {
    const kit = counterKit();
    await kit.inCall(teller1);
    await kit.inCall(teller2);
    await kit.calls.lifecycle.endAll('server_shutdown');
    expect(kit.calls.registry.count).toBe(0);
    expect(kit.rooms.count).toBe(0);
    expect(kit.newsOf('calls:callEnded')).toHaveLength(2);
  });

  it('after a crash, ends the calls and hand-overs the previous process left open', async () => {
    const db = openDatabase(':memory:');
    const before = counterKit({ db });
    const { ticketId, call } = await before.inCall();
    await before.queue.tellers.connected(teller2);
    await before.calls.transfers.request(
      staff(teller1),
      call.callId,
      { kind: 'teller', tellerId: teller2.id },
      'x',
    );
    vi.advanceTimersByTime(1000);

    // As the server starts: the calls left open end first, then the elected queue rebuilds its line.
    const after = counterKit({ db, leads: false });
    expect(await after.calls.lifecycle.recover()).toBe(1);
    expect(storedCall(after, call.callId)).toEqual({ endedAt: Date.now(), endReason: 'server_shutdown' });
    expect(db.prepare('SELECT status FROM tickets WHERE id = ?').get(ticketId)).toEqual({ status: 'ended' });
    expect(db.prepare('SELECT status FROM transfers WHERE call_id = ?').get(call.callId)).toEqual({
      status: 'failed',
    });
    expect(after.eventTypes(ticketId).at(-1)).toBe('call.ended');
    expect(await after.queue.lead(after.electAnother())).toBe(0);
    expect(await after.calls.lifecycle.recover()).toBe(0);
  });
});
