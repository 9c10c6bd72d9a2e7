import crypto from 'node:crypto';
import { SERVICE_LANGUAGES } from '../../shared/catalog/languages.js';
import { SERVICES } from '../../shared/catalog/services.js';
import type {
  TransferConsentRequest,
  TransferTarget,
  TransferView,
} from '../../shared/contracts/socket-events.js';
import { requireCallPermission, type Principal } from '../identity/index.js';
import { inTransaction } from '../platform/database/transaction.js';
import { AppError } from '../platform/errors.js';
import { appendCallEvent, type ActiveCall } from './active-call.js';
import type { CallBus } from './call-bus.js';
import type { CallRegistry } from './call-registry.js';
import type { CallStores } from './call-stores.js';
import { tellerKey } from './participants.js';
import type { TransferRow } from './transfer-store.js';

export interface TransfersDeps {
  store: CallStores;
  registry: CallRegistry;
  bus: CallBus;
  clock: () => number;
  /** A teller at work's display name; undefined for a teller who is not at work. */
  tellerName: (tellerId: string) => string | undefined;
}

/**
 * Hand-overs of a call to a colleague or a group: the teller asks, the
 * customer agrees or refuses, and once a colleague takes the offer the call
 * changes teller on the same media room. Waiting in line for that colleague
 * is the queue's business: it hears of it through the bus.
 */
export class Transfers {
  constructor(private readonly deps: TransfersDeps) {}

  /** The teller asks to hand its call over; the customer is asked first. */
  async request(
    principal: Principal,
    callId: string,
    target: TransferTarget,
    reason: string,
  ): Promise<TransferView> {
    const call = this.#callFor(principal, callId, 'call.transfer');
    const tellerId = call.tellerId;
    if (call.transfer) throw new AppError('invalid_state', 'a transfer of this call is already under way');
    if (target.kind === 'teller') {
      if (target.tellerId === tellerId)
        throw new AppError('invalid_payload', 'you cannot transfer to yourself');
      if (this.deps.tellerName(target.tellerId) === undefined)
        throw new AppError('invalid_state', 'that teller is not at work');
    }
    const now = this.deps.clock();
    const transfer: TransferRow = {
      id: crypto.randomUUID(),
      callId,
      ticketId: call.ticket.id,
      fromTellerId: tellerId,
      targetTellerId: target.kind === 'teller' ? target.tellerId : null,
      targetServiceId: target.kind === 'group' ? target.serviceId : call.ticket.serviceId,
      targetLanguage: target.kind === 'group' ? target.language : call.ticket.language,
      reason,
      status: 'awaiting_consent',
      requestedAt: now,
    };
    // Claimed before the store is awaited, so a second request meanwhile is refused.
    call.transfer = transfer;
    const { db, transfers, events } = this.deps.store;
    await this.#storedOrUndone(
      inTransaction(db, async (trx) => {
        await transfers.in(trx).insert(transfer);
        await appendCallEvent(events.in(trx), now, call, tellerId, 'transfer.requested', {
          transferId: transfer.id,
          target,
          reason,
        });
      }),
      () => (call.transfer = undefined),
    );
    // A call that ended meanwhile took the hand-over with it (its end cancelled it): nobody is asked.
    if (!this.#goesOn(call)) throw new AppError('invalid_state', 'the call ended meanwhile');
    this.deps.bus.emit('transferRequested', call.ticket.id, this.#consentRequest(call, transfer));
    this.deps.bus.emit('tellerChanged', tellerId);
    return this.view(transfer);
  }

  /** The customer agrees (the call goes first in line for its target) or refuses (it stays). */
  async respond(principal: Principal, callId: string, transferId: string, accept: boolean): Promise<void> {
    const call = this.#callFor(principal, callId, 'call.transfer_consent');
    const transfer = call.transfer;
    if (!transfer || transfer.id !== transferId || transfer.status !== 'awaiting_consent') {
      throw new AppError('invalid_state', 'no transfer is waiting for your answer');
    }
    const now = this.deps.clock();
    // Answered before the store is awaited, so a second answer meanwhile is refused.
    transfer.status = accept ? 'waiting' : 'refused';
    const { db, transfers, events } = this.deps.store;
    await this.#storedOrUndone(
      inTransaction(db, async (trx) => {
        await transfers.in(trx).setStatus(transfer.id, transfer.status, now);
        const type = accept ? 'transfer.consented' : 'transfer.refused';
        await appendCallEvent(events.in(trx), now, call, 'customer', type, { transferId });
      }),
      () => (transfer.status = 'awaiting_consent'),
    );
    if (!this.#goesOn(call)) throw new AppError('invalid_state', 'the call ended meanwhile');
    if (accept) this.deps.bus.emit('transferConsented', transfer, call.ticket, now);
    else call.transfer = undefined;
    this.deps.bus.emit('tellerChanged', transfer.fromTellerId);
  }

  async cancel(principal: Principal, callId: string): Promise<void> {
    const call = this.#callFor(principal, callId, 'call.transfer');
    const tellerId = call.tellerId;
    const transfer = call.transfer;
    if (!transfer) throw new AppError('invalid_state', 'no transfer is under way');
    const now = this.deps.clock();
    // Withdrawn before the store is awaited: the hand-over can no longer be taken meanwhile.
    call.transfer = undefined;
    const { db, transfers, events } = this.deps.store;
    await this.#storedOrUndone(
      inTransaction(db, async (trx) => {
        await transfers.in(trx).setStatus(transfer.id, 'cancelled', now);
        await appendCallEvent(events.in(trx), now, call, tellerId, 'transfer.cancelled', {
          transferId: transfer.id,
        });
      }),
      () => (call.transfer = transfer),
    );
    this.deps.bus.emit('transferWithdrawn', {
      callId,
      ticketId: call.ticket.id,
      transferId: transfer.id,
      fromTellerId: tellerId,
      awaitingConsent: transfer.status === 'awaiting_consent',
    });
    this.deps.bus.emit('tellerChanged', tellerId);
  }

  /**
   * A colleague accepted the hand-over offer: same router, same customer
   * media; the previous teller leaves the call.
   */
  async takeOver(ticketId: string, tellerId: string, tellerName: string): Promise<ActiveCall> {
    const call = this.deps.registry.ofTicket(ticketId);
    const transfer = call?.transfer;
    if (!call || !transfer) throw new AppError('invalid_state', 'no hand-over of this call is waiting');
    const fromTellerId = call.tellerId;
    const now = this.deps.clock();
    // Taken before the store is awaited: neither a second taker nor the call's end finds it meanwhile.
    call.transfer = undefined;
    const { db, calls, transfers, events } = this.deps.store;
    await this.#storedOrUndone(
      inTransaction(db, async (trx) => {
        await calls.in(trx).addTeller(call.callId, tellerId, now);
        await calls.in(trx).tellerLeft(call.callId, fromTellerId, now);
        await transfers.in(trx).setStatus(transfer.id, 'accepted', now);
        await appendCallEvent(events.in(trx), now, call, tellerId, 'transfer.completed', {
          transferId: transfer.id,
          fromTellerId,
          toTellerId: tellerId,
        });
      }),
      () => (call.transfer = transfer),
    );
    if (!this.#goesOn(call)) throw new AppError('invalid_state', 'the call ended meanwhile');
    this.deps.registry.handOver(call, tellerId, tellerName);
    // After the switch, so the customer hears of the old teller's producers closing.
    call.room.closeParticipant(tellerKey(fromTellerId));
    this.deps.bus.emit('callHandedOver', {
      callId: call.callId,
      ticketId,
      fromTellerId,
      toTellerId: tellerId,
      toDisplayName: tellerName,
      at: now,
    });
    return call;
  }

  /** Whether the call is still in progress (it may have ended while a write was awaited). */
  #goesOn(call: ActiveCall): boolean {
    return this.deps.registry.get(call.callId) === call;
  }

  /** Awaits a store write; if it fails, the claim made on the call before it is undone. */
  async #storedOrUndone(stored: Promise<void>, undo: () => void): Promise<void> {
    try {
      await stored;
    } catch (error) {
      undo();
      throw error;
    }
  }

  /** The hand-over question waiting for this customer's answer, if any. */
  pendingConsentOf(ticketId: string): TransferConsentRequest | null {
    const call = this.deps.registry.ofTicket(ticketId);
    const transfer = call?.transfer;
    return call && transfer?.status === 'awaiting_consent' ? this.#consentRequest(call, transfer) : null;
  }

  view(transfer: TransferRow): TransferView {
    return {
      transferId: transfer.id,
      status:
        transfer.status === 'waiting'
          ? 'waiting'
          : transfer.status === 'refused'
            ? 'refused'
            : 'awaiting_consent',
      targetLabel: this.#targetLabel(transfer),
    };
  }

  #targetLabel(transfer: TransferRow): string {
    if (transfer.targetTellerId)
      return this.deps.tellerName(transfer.targetTellerId) ?? transfer.targetTellerId;
    const service = SERVICES.find((s) => s.id === transfer.targetServiceId);
    const language = SERVICE_LANGUAGES.find((l) => l.id === transfer.targetLanguage);
    return `${service?.names.en ?? transfer.targetServiceId} · ${language?.names.en ?? transfer.targetLanguage}`;
  }

  #consentRequest(call: ActiveCall, transfer: TransferRow): TransferConsentRequest {
    return {
      callId: call.callId,
      transferId: transfer.id,
      reason: transfer.reason,
      target: transfer.targetTellerId
        ? { kind: 'teller', displayName: this.deps.tellerName(transfer.targetTellerId) ?? '' }
        : { kind: 'group', serviceId: transfer.targetServiceId, language: transfer.targetLanguage },
      targetLabel: this.#targetLabel(transfer),
    };
  }

  /** The call in progress if the policy lets `principal` do this to it; a call that is not there forbids. */
  #callFor(
    principal: Principal,
    callId: string,
    permission: 'call.transfer' | 'call.transfer_consent',
  ): ActiveCall {
    const call = this.deps.registry.get(callId);
    requireCallPermission(
      principal,
      permission,
      call && { ticketId: call.ticket.id, tellerIds: [call.tellerId] },
    );
    return call!;
  }
}
