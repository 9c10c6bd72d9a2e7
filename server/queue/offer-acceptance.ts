import type { CallView } from '../../shared/contracts/socket-events.js';
import { tellerKey, type ActiveCall, type CallFeature } from '../call/index.js';
import { AppError } from '../platform/errors.js';
import type { Line } from './line.js';
import type { Offers } from './offers.js';
import type { LeaderLink } from './leader-link.js';
import type { QueueBus } from './queue-bus.js';
import type { QueueDraining } from './queue-draining.js';
import type { QueueLeadership } from './queue-leadership.js';
import type { QueueTurns } from './queue-turns.js';
import type { RoutingTicket } from './rules/routing-types.js';
import type { PresentTeller, TellerPresence } from './teller-presence.js';
import type { TellersAtWork } from './tellers-at-work.js';
import type { Ticket, TicketStore } from './ticket-store.js';
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
  turns: QueueTurns;
  leadership: QueueLeadership;
  link: LeaderLink;
  draining: QueueDraining;
  clock: () => number;
}

/**
 * Where the queue hands an accepted offer to the calls: a customer's call
 * starts, or a call being handed over changes teller. The teller waits for
 * the call (its media) and hears of a failure, so this is a call and its
 * answer, not an event.
 *
 * The acceptance is one queue turn and what follows the call's start another:
 * the media's start (a router, transports) is not waited for in a turn, so the
 * rest of the counter goes on meanwhile. In between the customer is out of
 * line and the teller busy, in the engine and in the store alike.
 *
 * On a node that does not lead, the acceptance is checked against the stored
 * offer (`Offers.acceptStored`), the leader is told, and the call starts here,
 * where the teller's page is.
 */
export class OfferAcceptance {
  constructor(private readonly deps: OfferAcceptanceDeps) {}

  async accept(tellerId: string, ticketId: string): Promise<CallView> {
    const { presence, offers, tellers, calls, bus, turns } = this.deps;
    const { present, routed, ticket } = await turns.run(async () => {
      const present = presence.require(tellerId);
      // A stopping node starts no call: the leader withdraws the offer and makes it to another teller.
      if (this.deps.draining.on) throw new AppError('invalid_state', 'this node is stopping: no new calls');
      if (!this.deps.leadership.leads) {
        const stored = await offers.acceptStored(tellerId, ticketId);
        tellers.busy(present);
        // The leader hears the teller is busy (after the acceptance it was told of).
        await offers.syncTeller(tellerId);
        return { present, ...stored };
      }
      const routed = await offers.accept(tellerId, ticketId);
      tellers.busy(present);
      return { present, routed, ticket: this.deps.line.ticket(routed.ticketId) };
    });
    const call = routed.transfer
      ? await turns.run(() => this.#takeOver(present, routed))
      : await this.#start(present, routed, ticket!);
    await turns.run(async () => {
      await offers.dispatch();
      bus.emit('queueChanged');
    });
    return calls.registry.view(call, tellerKey(tellerId));
  }

  async #start(present: PresentTeller, routed: RoutingTicket, ticket: Ticket): Promise<ActiveCall> {
    const { customers, calls, bus, turns } = this.deps;
    let call: ActiveCall;
    try {
      call = await calls.lifecycle.start({
        ticket,
        tellerId: present.tellerId,
        tellerName: present.displayName,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'media_error')
        await turns.run(() => this.#startFailed(present, routed));
      throw error;
    }
    return turns.run(() => {
      customers.answered(ticket, call.startedAt);
      present.since = call.startedAt;
      bus.emit('tellerChanged', present.tellerId);
      return call;
    });
  }

  /** Without media there is no call: the customer keeps its place, the teller steps away. */
  async #startFailed(present: PresentTeller, routed: RoutingTicket): Promise<void> {
    const leads = this.deps.leadership.leads;
    if (leads) this.deps.line.putBack(routed);
    await this.deps.tickets.setStatus(routed.ticketId, 'waiting');
    if (!leads) this.deps.link.tell({ kind: 'putBack', ticketId: routed.ticketId });
    await this.deps.tellers.startFailed(present);
    await this.deps.offers.dispatch();
  }

  /** A colleague takes over a call: same router, same customer media; the previous teller leaves it. */
  async #takeOver(present: PresentTeller, routed: RoutingTicket): Promise<ActiveCall> {
    const call = this.deps.calls.transfers.takeOver(routed.ticketId, present.tellerId, present.displayName);
    present.since = this.deps.clock();
    this.deps.bus.emit('tellerChanged', present.tellerId);
    await this.deps.offers.dispatch();
    return call;
  }
}
