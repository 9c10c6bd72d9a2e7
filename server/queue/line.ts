import type { Offer, RoutingTicket } from './rules/routing-types.js';
import type { RoutingEngine } from './rules/routing-engine.js';
import type { Ticket } from './ticket-store.js';

/**
 * The line: customers waiting for a first teller, and calls waiting for their
 * next one (a hand-over), as the routing engine ranks them. A customer stays
 * in the line until its call has started.
 */
export class Line {
  /** Customers waiting for a first teller; a hand-over's call is not one. */
  readonly #tickets = new Map<string, Ticket>();

  constructor(private readonly engine: RoutingEngine) {}

  /** Customers in line; calls being handed over are not waiting customers. */
  get waitingCount(): number {
    return this.#tickets.size;
  }

  ticket(ticketId: string): Ticket | undefined {
    return this.#tickets.get(ticketId);
  }

  /** Ranked and waiting for an offer, not on its way into a call. */
  isWaiting(ticketId: string): boolean {
    return this.#tickets.has(ticketId) && this.engine.has(ticketId);
  }

  /** The customers waiting, as the engine ranks them (hand-overs left out). */
  waitingTickets(): RoutingTicket[] {
    return [...this.engine.tickets()].filter((t) => !t.transfer);
  }

  /** Empty, the engine's tickets, tellers and offers too: before the line is rebuilt from the store. */
  clear(): void {
    this.#tickets.clear();
    this.engine.clear();
  }

  add(ticket: Ticket): void {
    this.#tickets.set(ticket.id, ticket);
    this.engine.addTicket({
      ticketId: ticket.id,
      serviceId: ticket.serviceId,
      language: ticket.language,
      priority: ticket.priority,
      joinedAt: ticket.joinedAt,
      joinSeq: ticket.joinSeq,
      mandarinFallback: ticket.mandarinFallback,
    });
  }

  /** The customer leaves the line; the offer of it that is withdrawn with it, if any. */
  remove(ticketId: string): Offer | undefined {
    const withdrawn = this.engine.removeTicket(ticketId);
    this.#tickets.delete(ticketId);
    return withdrawn;
  }

  /** The customer's call started: out of line for good. */
  answered(ticketId: string): void {
    this.#tickets.delete(ticketId);
  }

  /** An accepted customer whose call could not start goes back to its place. */
  putBack(routed: RoutingTicket): void {
    this.engine.addTicket(routed);
  }

  /** A call waits, first in line of its target, for a colleague to take it over. */
  addTransfer(routed: RoutingTicket): void {
    this.engine.addTicket(routed);
  }

  /** A call's hand-over leaves the line; the offer of it that is withdrawn with it, if any. */
  removeTransfer(ticketId: string): Offer | undefined {
    return this.engine.ticket(ticketId)?.transfer ? this.engine.removeTicket(ticketId) : undefined;
  }
}
