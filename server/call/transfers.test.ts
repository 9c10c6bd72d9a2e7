import type { StaffUser } from '../../shared/contracts/auth.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counterKit, staff, customer, TELLERS } from '../../test/support/counter-kit.js';
import { tellerKey } from './participants.js';

const [teller1, teller2, teller3] = TELLERS as [
  (typeof TELLERS)[number],
  (typeof TELLERS)[number],
  (typeof TELLERS)[number],
];
const toTeller2 = { kind: 'teller', tellerId: teller2.id } as const;
const toGroup = { kind: 'group', serviceId: 'consultation', language: 'cmn' } as const;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-02T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** teller1 in a call, teller2 (and teller3) at work but not available, so offers go only where a test sends them. */
async function callToHandOver() {
  const kit = counterKit();
  const { ticketId, call } = await kit.inCall(teller1);
  await kit.queue.tellers.connected(teller2);
  await kit.queue.tellers.connected(teller3);
  const transferStatus = () =>
    (kit.db.prepare('SELECT status FROM transfers WHERE call_id = ?').get(call.callId) as { status: string })
      .status;
  return { kit, ticketId, call, transferStatus };
}

describe('handing a call over', () => {
  it('asks the customer first, then puts the call first in line for its target', async () => {
    const { kit, ticketId, call, transferStatus } = await callToHandOver();
    const waiting = await kit.join();
    await kit.queue.customers.connected(waiting);
    const view = await kit.calls.transfers.request(
      staff(teller1),
      call.callId,
      toTeller2,
      'needs a specialist',
    );
    expect(view).toMatchObject({ status: 'awaiting_consent', targetLabel: teller2.displayName });
    expect(kit.newsOf('calls:transferRequested')).toEqual([
      [
        ticketId,
        expect.objectContaining({
          callId: call.callId,
          reason: 'needs a specialist',
          target: { kind: 'teller', displayName: teller2.displayName },
        }),
      ],
    ]);
    expect(kit.calls.transfers.pendingConsentOf(ticketId)).toMatchObject({ transferId: view.transferId });
    expect(kit.queue.states.of(teller1.id).transfer).toMatchObject({ status: 'awaiting_consent' });

    await kit.calls.transfers.respond(customer(ticketId), call.callId, view.transferId, true);
    expect(transferStatus()).toBe('waiting');
    // Ahead of the customer who was waiting already.
    await kit.queue.tellers.setStatus(teller2.id, 'available');
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    expect(kit.queue.states.of(teller2.id).offer).toMatchObject({
      ticketId,
      transfer: { fromTeller: teller1.displayName, reason: 'needs a specialist' },
    });
    expect(
      kit.db.prepare('SELECT transfer_id AS transferId FROM offers WHERE teller_id = ?').get(teller2.id),
    ).toEqual({ transferId: view.transferId });
    // Still the first teller's call meanwhile, and not a customer in line.
    expect(kit.calls.registry.ofTicket(ticketId)?.tellerId).toBe(teller1.id);
    expect(kit.queue.line.waitingCount).toBe(1);
  });

  it('changes the call’s teller on the same room when a colleague takes it, and frees the first teller', async () => {
    const { kit, ticketId, call, transferStatus } = await callToHandOver();
    const closed = vi.spyOn(call.room, 'closeParticipant');
    const { transferId } = await kit.calls.transfers.request(
      staff(teller1),
      call.callId,
      toGroup,
      'language',
    );
    await kit.calls.transfers.respond(customer(ticketId), call.callId, transferId, true);
    await kit.queue.tellers.setStatus(teller2.id, 'available');
    vi.advanceTimersByTime(1000);
    const view = await kit.queue.acceptance.accept(teller2.id, ticketId);
    expect(view).toMatchObject({ callId: call.callId, teller: { displayName: teller2.displayName } });
    expect(kit.calls.registry.get(call.callId)).toMatchObject({ tellerId: teller2.id, room: call.room });
    expect(closed).toHaveBeenCalledWith(tellerKey(teller1.id));
    expect(transferStatus()).toBe('accepted');
    expect(kit.newsOf('calls:callHandedOver')).toEqual([
      [
        {
          callId: call.callId,
          ticketId,
          fromTellerId: teller1.id,
          toTellerId: teller2.id,
          toDisplayName: teller2.displayName,
          at: Date.now(),
        },
      ],
    ]);
    expect(kit.eventTypes(ticketId).at(-1)).toBe('transfer.completed');
    expect(kit.queue.states.of(teller1.id)).toMatchObject({
      status: 'available',
      call: null,
      transfer: null,
    });
    expect(kit.queue.states.of(teller2.id)).toMatchObject({
      status: 'in_call',
      call: { callId: call.callId },
    });
    expect(kit.newsOf('calls:callStarted')).toHaveLength(1);
    // The call now ends as teller2's.
    await kit.calls.lifecycle.end(call.callId, 'teller_hung_up');
    expect(kit.newsOf('calls:callEnded')[0]![0]).toMatchObject({ tellerId: teller2.id, transferId: null });
  });

  it('keeps the call with its teller when the customer refuses', async () => {
    const { kit, ticketId, call, transferStatus } = await callToHandOver();
    await kit.queue.tellers.setStatus(teller2.id, 'available');
    const { transferId } = await kit.calls.transfers.request(staff(teller1), call.callId, toTeller2, 'x');
    // Nobody is offered the call before the customer agrees.
    expect(kit.offerOf(teller2.id)).toBeUndefined();
    await kit.calls.transfers.respond(customer(ticketId), call.callId, transferId, false);
    expect(kit.offerOf(teller2.id)).toBeUndefined();
    expect(transferStatus()).toBe('refused');
    expect(kit.calls.registry.get(call.callId)?.transfer).toBeUndefined();
    expect(kit.eventTypes(ticketId).at(-1)).toBe('transfer.refused');
    await expect(
      kit.calls.transfers.respond(customer(ticketId), call.callId, transferId, true),
    ).rejects.toMatchObject({ code: 'invalid_state' });
    // Another hand-over may be asked for now.
    await kit.calls.transfers.request(staff(teller1), call.callId, toTeller2, 'again');
  });

  it('lets the teller cancel: the customer’s question or the colleague’s offer is withdrawn', async () => {
    const { kit, ticketId, call, transferStatus } = await callToHandOver();
    const asked = await kit.calls.transfers.request(staff(teller1), call.callId, toTeller2, 'x');
    await kit.calls.transfers.cancel(staff(teller1), call.callId);
    expect(transferStatus()).toBe('cancelled');
    expect(kit.newsOf('calls:transferWithdrawn')).toEqual([
      [
        {
          callId: call.callId,
          ticketId,
          transferId: asked.transferId,
          fromTellerId: teller1.id,
          awaitingConsent: true,
        },
      ],
    ]);

    await kit.queue.tellers.setStatus(teller2.id, 'available');
    const agreed = await kit.calls.transfers.request(staff(teller1), call.callId, toTeller2, 'y');
    await kit.calls.transfers.respond(customer(ticketId), call.callId, agreed.transferId, true);
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    await kit.calls.transfers.cancel(staff(teller1), call.callId);
    // The queue withdraws the offer in a turn of its own.
    await kit.settled();
    expect(kit.offerOf(teller2.id)).toBeUndefined();
    expect(kit.newsOf('calls:transferWithdrawn')[1]![0]).toMatchObject({ awaitingConsent: false });
    expect(kit.db.prepare('SELECT outcome FROM offers WHERE teller_id = ?').get(teller2.id)).toEqual({
      outcome: 'withdrawn',
    });
    await expect(kit.calls.transfers.cancel(staff(teller1), call.callId)).rejects.toMatchObject({
      code: 'invalid_state',
    });
  });

  it('takes a hand-over out of line with its call when the call ends first', async () => {
    const { kit, ticketId, call, transferStatus } = await callToHandOver();
    await kit.queue.tellers.setStatus(teller2.id, 'available');
    const { transferId } = await kit.calls.transfers.request(staff(teller1), call.callId, toTeller2, 'x');
    await kit.calls.transfers.respond(customer(ticketId), call.callId, transferId, true);
    expect(kit.offerOf(teller2.id)).toBe(ticketId);
    await kit.calls.lifecycle.end(call.callId, 'customer_hung_up');
    expect(kit.newsOf('calls:callEnded')[0]![0]).toMatchObject({ reason: 'customer_hung_up', transferId });
    expect(transferStatus()).toBe('cancelled');
    expect(kit.offerOf(teller2.id)).toBeUndefined();
    expect(kit.queue.states.of(teller2.id)).toMatchObject({ status: 'available', offer: null });
  });

  it('refuses what is not the teller’s to ask', async () => {
    const { kit, ticketId, call } = await callToHandOver();
    const ask = (teller: StaffUser, target: Parameters<typeof kit.calls.transfers.request>[2]) =>
      kit.calls.transfers.request(staff(teller), call.callId, target, 'x');
    await expect(ask(teller2, toGroup)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ask(teller1, { kind: 'teller', tellerId: teller1.id })).rejects.toMatchObject({
      code: 'invalid_payload',
    });
    await expect(ask(teller1, { kind: 'teller', tellerId: 'nobody' })).rejects.toMatchObject({
      code: 'invalid_state',
    });
    // Two asked at once: the first is under way before the second is looked at.
    const [first, second] = await Promise.allSettled([ask(teller1, toGroup), ask(teller1, toGroup)]);
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'invalid_state' } });
    const { transferId } = (first as PromiseFulfilledResult<{ transferId: string }>).value;
    await expect(
      kit.calls.transfers.respond(customer('another'), call.callId, transferId, true),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(kit.calls.transfers.cancel(staff(teller2), call.callId)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(kit.calls.transfers.pendingConsentOf(ticketId)).toMatchObject({ transferId });
  });
});
