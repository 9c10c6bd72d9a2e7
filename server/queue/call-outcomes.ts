import type { CallEnded, CallHandedOver, CallTicket, TransferRow, TransferWithdrawn } from '../call/index.js';
import type { Line } from './line.js';
import type { Offers } from './offers.js';
import type { QueuePositions } from './queue-positions.js';
import type { QueueTurns } from './queue-turns.js';
import type { TellersAtWork } from './tellers-at-work.js';
import type { WrapUps } from './wrap-ups.js';

/**
 * What the queue does with the calls' news, which the composition passes on:
 * a teller is free again when its call ends or goes to a colleague, and a
 * call the customer agreed to hand over waits in line for its next teller.
 * The news may arrive in the middle of a queue turn (a call ended by a
 * teller's page going away): each is handled in a turn of its own after it,
 * in the order it came (`turns.settled()` waits for them).
 */
export class CallOutcomes {
  constructor(
    private readonly line: Line,
    private readonly offers: Offers,
    private readonly positions: QueuePositions,
    private readonly tellers: TellersAtWork,
    private readonly wrapUps: WrapUps,
    private readonly turns: QueueTurns,
  ) {}

  /**
   * The call's hand-over leaves the line, its length feeds the wait estimate,
   * its teller is free once it has wrapped the call up. New offers are made by `offerToFreeTellers`, once
   * everyone has heard of the end.
   */
  callEnded(ended: CallEnded): void {
    this.turns.background(async () => {
      if (ended.transferId) await this.#removeTransfer(ended.ticketId);
      this.positions.addHandleTime(ended.serviceId, ended.endedAt - ended.startedAt);
      // The wrap-up first, so that the teller freed from its call is not yet free for a customer.
      if (ended.reason !== 'server_shutdown')
        await this.wrapUps.start(ended.tellerId, ended.callId, ended.endedAt);
      await this.tellers.freed(ended.tellerId, ended.endedAt);
    });
  }

  /** After a call ended: its teller (and any other teller free now) may be offered the next customer. */
  offerToFreeTellers(): void {
    this.turns.background(() => this.offers.dispatch());
  }

  callHandedOver({ fromTellerId, at }: CallHandedOver): void {
    this.turns.background(() => this.tellers.freed(fromTellerId, at));
  }

  /** The customer agreed: the call goes first in line for its target, never back to the teller handing it over. */
  transferConsented(transfer: TransferRow, ticket: CallTicket, at: number): void {
    this.turns.background(() => this.#transferConsented(transfer, ticket, at));
  }

  transferWithdrawn({ ticketId }: TransferWithdrawn): void {
    this.turns.background(async () => {
      await this.#removeTransfer(ticketId);
      await this.offers.dispatch();
    });
  }

  async #transferConsented(transfer: TransferRow, ticket: CallTicket, at: number): Promise<void> {
    this.line.addTransfer({
      ticketId: ticket.id,
      serviceId: transfer.targetServiceId,
      language: transfer.targetLanguage,
      priority: ticket.priority,
      joinedAt: ticket.joinedAt,
      // A hand-over ranks by when it was asked for (then by its ticket), not by its customer's join.
      joinSeq: 0,
      mandarinFallback: false,
      transfer: {
        fromTellerId: transfer.fromTellerId,
        requestedAt: at,
        ...(transfer.targetTellerId && { tellerId: transfer.targetTellerId }),
      },
    });
    await this.offers.dispatch();
  }

  async #removeTransfer(ticketId: string): Promise<void> {
    const withdrawn = this.line.removeTransfer(ticketId);
    if (withdrawn) await this.offers.withdrawn(withdrawn);
  }
}
