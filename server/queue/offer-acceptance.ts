import type { CallView } from '../../shared/contracts/socket-events.js';
import { tellerKey, type ActiveCall, type CallFeature } from '../call/index.js';
import { AppError } from '../platform/errors.js';
import type { Line } from './line.js';
import type { Offers } from './offers.js';
import type { QueueBus } from './queue-bus.js';
import type { RoutingTicket } from './rules/routing-types.js';
import type { PresentTeller, TellerPresence } from './teller-presence.js';
import type { TellersAtWork } from './tellers-at-work.js';
import type { TicketStore } from './ticket-store.js';
import type { WaitingCustomers } from './waiting-customers.js';

export interface OfferAcceptanceDeps {
  tickets: TicketStore;
  line: Line;
  presence: TellerPresence;
  offers: Offers;
  customers: WaitingCustomers;
  tellers: TellersAtWork;
  calls: Pick<CallFeature, 'registry' | 'lifecycle' | 'transfers'>;
  bus: QueueBus;
  clock: () => number;
}

/**
 * Where the queue hands an accepted offer to the calls: a customer's call
 * starts, or a call being handed over changes teller. The teller waits for
 * the call (its media) and hears of a failure, so this is a call and its
 * answer, not an event.
 */
export class OfferAcceptance {
  constructor(private readonly deps: OfferAcceptanceDeps) {}

  async accept(tellerId: string, ticketId: string): Promise<CallView> {
    const { presence, offers, tellers, calls, bus } = this.deps;
    const present = presence.require(tellerId);
    const routed = offers.accept(tellerId, ticketId);
    tellers.busy(present);
    const call = routed.transfer ? await this.#takeOver(present, routed) : await this.#start(present, routed);
    offers.dispatch();
    bus.emit('queueChanged');
    return calls.registry.view(call, tellerKey(tellerId));
  }

  async #start(present: PresentTeller, routed: RoutingTicket): Promise<ActiveCall> {
    const { line, customers, calls, bus } = this.deps;
    const ticket = line.ticket(routed.ticketId)!;
    let call: ActiveCall;
    try {
      call = await calls.lifecycle.start({
        ticket,
        tellerId: present.tellerId,
        tellerName: present.displayName,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'media_error') this.#startFailed(present, routed);
      throw error;
    }
    customers.answered(ticket, call.startedAt);
    present.since = call.startedAt;
    bus.emit('tellerChanged', present.tellerId);
    return call;
  }

  /** Without media there is no call: the customer keeps its place, the teller steps away. */
  #startFailed(present: PresentTeller, routed: RoutingTicket): void {
    this.deps.line.putBack(routed);
    this.deps.tickets.setStatus(routed.ticketId, 'waiting');
    this.deps.tellers.startFailed(present);
    this.deps.offers.dispatch();
  }

  /** A colleague takes over a call: same router, same customer media; the previous teller leaves it. */
  async #takeOver(present: PresentTeller, routed: RoutingTicket): Promise<ActiveCall> {
    const call = await this.deps.calls.transfers.takeOver(
      routed.ticketId,
      present.tellerId,
      present.displayName,
    );
    present.since = this.deps.clock();
    this.deps.bus.emit('tellerChanged', present.tellerId);
    this.deps.offers.dispatch();
    return call;
  }
}
