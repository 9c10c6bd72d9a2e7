import type { QueuePositionUpdate } from '../../shared/contracts/socket-events.js';
import type { Line } from './line.js';
import { canServe } from './rules/eligibility.js';
import type { RoutingEngine } from './rules/routing-engine.js';
import type { RoutingTicket } from './rules/routing-types.js';
import type { WaitEstimator } from './rules/wait-estimate.js';
import type { TellerPresence } from './teller-presence.js';

interface Staffing {
  /** Tellers at work, not away, who may serve the ticket. */
  staffed: number;
  /** Of those, the ones who could take it at once. */
  free: number;
}

/** Each waiting customer's place in line and expected wait, from the tellers who could serve it. */
export class QueuePositions {
  constructor(
    private readonly engine: RoutingEngine,
    private readonly estimator: WaitEstimator,
    private readonly presence: TellerPresence,
    private readonly line: Line,
    private readonly clock: () => number,
  ) {}

  /** A finished call teaches the estimate how long its service takes. */
  addHandleTime(serviceId: string, ms: number): void {
    this.estimator.addHandleTime(serviceId, ms);
  }

  /** Every waiting customer's place and estimate, for pushing to the customers. */
  all(): QueuePositionUpdate[] {
    // Staffing is the same for every ticket of a group: count it once per group.
    const staffing = new Map<string, Staffing>();
    const updates: QueuePositionUpdate[] = [];
    for (const [ticketId, position] of this.engine.positions()) {
      const ticket = this.engine.ticket(ticketId)!;
      if (ticket.transfer) continue;
      const key = `${ticket.serviceId}\u0000${ticket.language}`;
      let group = staffing.get(key);
      if (!group) staffing.set(key, (group = this.#staffingFor(ticket)));
      updates.push(this.#update(ticket, position, group));
    }
    return updates;
  }

  /** One customer's place and estimate, without working out everyone else's. */
  of(ticketId: string): QueuePositionUpdate | undefined {
    const ticket = this.engine.ticket(ticketId);
    const position = this.engine.position(ticketId);
    if (!ticket || ticket.transfer || position === undefined) return undefined;
    return this.#update(ticket, position, this.#staffingFor(ticket));
  }

  #staffingFor(ticket: RoutingTicket): Staffing {
    const now = this.clock();
    let staffed = 0;
    let free = 0;
    for (const p of this.presence.all()) {
      if (p.status !== 'available') continue;
      const teller = this.engine.teller(p.tellerId);
      if (!teller || !canServe(teller, ticket, this.engine.policy, now)) continue;
      staffed++;
      if (teller.available && !this.engine.offerOfTeller(p.tellerId)) free++;
    }
    return { staffed, free };
  }

  #update(ticket: RoutingTicket, position: number, group: Staffing): QueuePositionUpdate {
    return {
      ticketId: ticket.ticketId,
      position,
      waiting: this.line.waitingCount,
      offered: this.engine.offerOfTicket(ticket.ticketId) !== undefined,
      estimatedWaitMs: this.estimator.estimateMs({
        serviceId: ticket.serviceId,
        position,
        staffedTellers: group.staffed,
        freeTellers: group.free,
      }),
    };
  }
}
