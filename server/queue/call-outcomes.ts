import type { CallEnded, CallHandedOver, CallTicket, TransferRow, TransferWithdrawn } from '../call/index.js';
import type { Line } from './line.js';
import type { Offers } from './offers.js';
import type { QueuePositions } from './queue-positions.js';
import type { TellersAtWork } from './tellers-at-work.js';
import type { WrapUps } from './wrap-ups.js';

/**
 * What the queue does with the calls' news, which the composition passes on:
 * a teller is free again when its call ends or goes to a colleague, and a
 * call the customer agreed to hand over waits in line for its next teller.
 */
export class CallOutcomes {
  constructor(
    private readonly line: Line,
    private readonly offers: Offers,
    private readonly positions: QueuePositions,
    private readonly tellers: TellersAtWork,
    private readonly wrapUps: WrapUps,
  ) {}

  /**
   * The call's hand-over leaves the line, its length feeds the wait estimate,
   * its teller is free once it has wrapped the call up. New offers are made by `offerToFreeTellers`, once
   * everyone has heard of the end.
   */
  callEnded(ended: CallEnded): void {
    if (ended.transferId) this.#removeTransfer(ended.ticketId);
    this.positions.addHandleTime(ended.serviceId, ended.endedAt - ended.startedAt);
    // The wrap-up first, so that the teller freed from its call is not yet free for a customer.
    if (ended.reason !== 'server_shutdown') this.wrapUps.start(ended.tellerId, ended.callId, ended.endedAt);
    this.tellers.freed(ended.tellerId, ended.endedAt);
  }

  /** After a call ended: its teller (and any other teller free now) may be offered the next customer. */
  offerToFreeTellers(): void {
    this.offers.dispatch();
  }

  callHandedOver({ fromTellerId, at }: CallHandedOver): void {
    this.tellers.freed(fromTellerId, at);
  }

  /** The customer agreed: the call goes first in line for its target, never back to the teller handing it over. */
  transferConsented(transfer: TransferRow, ticket: CallTicket, at: number): void {
    this.line.addTransfer({
      ticketId: ticket.id,
      serviceId: transfer.targetServiceId,
      language: transfer.targetLanguage,
      priority: ticket.priority,
      joinedAt: ticket.joinedAt,
      mandarinFallback: false,
      transfer: {
        fromTellerId: transfer.fromTellerId,
        requestedAt: at,
        ...(transfer.targetTellerId && { tellerId: transfer.targetTellerId }),
      },
    });
    this.offers.dispatch();
  }

  transferWithdrawn({ ticketId }: TransferWithdrawn): void {
    this.#removeTransfer(ticketId);
    this.offers.dispatch();
  }

  #removeTransfer(ticketId: string): void {
    const withdrawn = this.line.removeTransfer(ticketId);
    if (withdrawn) this.offers.withdrawn(withdrawn);
  }
}
