import type { CallRegistry } from '../call/index.js';
import { AppError } from '../platform/errors.js';
import { Alarm } from '../platform/timers/alarm.js';
import type { OfferOutcome, OfferStore } from './offer-store.js';
import type { QueueBus } from './queue-bus.js';
import type { RoutingEngine } from './rules/routing-engine.js';
import type { Offer, RoutingTicket } from './rules/routing-types.js';
import type { TellerPresence } from './teller-presence.js';
import type { TicketStore } from './ticket-store.js';

export interface OffersDeps {
  engine: RoutingEngine;
  store: { offers: OfferStore; tickets: TicketStore };
  presence: TellerPresence;
  /** The hand-over a call in line stands for, stored with its offers. */
  registry: Pick<CallRegistry, 'ofTicket'>;
  bus: QueueBus;
  clock: () => number;
}

/**
 * Offers of customers (and of calls being handed over) to tellers: the
 * routing engine decides who is offered to whom; this keeps the store and the
 * expiry alarm in step with its decisions. A teller who lets an offer expire
 * is not at the desk: it is set away.
 */
export class Offers {
  readonly #alarm = new Alarm(() => this.#expire());
  #stopped = false;

  constructor(private readonly deps: OffersDeps) {}

  ofTeller(tellerId: string): Offer | undefined {
    return this.deps.engine.offerOfTeller(tellerId);
  }

  /** Makes the offers the rules allow now, stores them and arms the expiry alarm. */
  dispatch(): void {
    const { engine, store, registry, bus } = this.deps;
    const now = this.deps.clock();
    for (const offer of engine.dispatch(now)) {
      const transferId = registry.ofTicket(offer.ticketId)?.transfer?.id ?? null;
      store.offers.insert({ ...offer, transferId });
      if (!transferId) store.tickets.setStatus(offer.ticketId, 'offered');
      bus.emit('tellerChanged', offer.tellerId);
    }
    if (!this.#stopped) this.#alarm.at(engine.nextExpiry(), now);
  }

  /** Tells the engine what it needs of a teller's presence; an offer it can no longer take is withdrawn. */
  syncTeller(tellerId: string): void {
    const presence = this.deps.presence.get(tellerId);
    if (!presence) return;
    const withdrawn = this.deps.engine.setTeller(this.deps.presence.routingTeller(presence));
    if (withdrawn) this.ended(withdrawn, 'withdrawn');
  }

  /** A teller gone from work: out of routing, its offer to someone else. */
  removeTeller(tellerId: string): void {
    const withdrawn = this.deps.engine.removeTeller(tellerId);
    if (withdrawn) this.ended(withdrawn, 'withdrawn');
  }

  /** The offer made to this teller of this ticket, or invalid_state. */
  offeredTo(tellerId: string, ticketId: string): Offer {
    this.deps.presence.require(tellerId);
    const offer = this.deps.engine.offerOfTeller(tellerId);
    if (!offer || offer.ticketId !== ticketId) {
      throw new AppError('invalid_state', 'this customer is not offered to you');
    }
    return offer;
  }

  /** The teller passes; the customer goes to someone else. */
  decline(tellerId: string, ticketId: string): void {
    this.offeredTo(tellerId, ticketId);
    const offer = this.deps.engine.decline(tellerId, ticketId, this.deps.clock());
    this.ended(offer, 'declined');
    this.deps.bus.emit('tellerChanged', tellerId);
    this.dispatch();
  }

  /** The teller takes the customer (or the call handed over): out of line, the teller busy. */
  accept(tellerId: string, ticketId: string): RoutingTicket {
    const offer = this.offeredTo(tellerId, ticketId);
    const routed = this.deps.engine.accept(tellerId, ticketId);
    this.ended(offer, 'accepted');
    return routed;
  }

  /** An offer withdrawn because its customer or call left the line: its teller is free again. */
  withdrawn(offer: Offer): void {
    this.ended(offer, 'withdrawn');
    this.deps.bus.emit('tellerChanged', offer.tellerId);
  }

  /** Stores how an offer ended; a customer still in line is waiting again. */
  ended(offer: Offer, outcome: OfferOutcome): void {
    const { engine, store } = this.deps;
    store.offers.resolve(offer.ticketId, offer.tellerId, outcome, this.deps.clock());
    const routed = engine.ticket(offer.ticketId);
    if (outcome !== 'accepted' && routed && !routed.transfer) {
      store.tickets.setStatus(offer.ticketId, 'waiting');
    }
  }

  /** On start: offers a previous process left open went with their tellers' pages. */
  restore(): void {
    this.deps.store.offers.withdrawAllOpen(this.deps.clock());
  }

  /** Server shutdown: no more expiries. */
  stop(): void {
    this.#stopped = true;
    this.#alarm.cancel();
  }

  /** Unanswered offers: the teller is not at the desk; the customer goes to the next teller. */
  #expire(): void {
    const { engine, presence, bus } = this.deps;
    for (const offer of engine.expire(this.deps.clock())) {
      this.ended(offer, 'expired');
      const teller = presence.get(offer.tellerId);
      if (teller) presence.setStatus(teller, 'away', 'missed_offer');
      bus.emit('offerExpired');
      bus.emit('tellerChanged', offer.tellerId);
    }
    this.dispatch();
  }
}
