/**
 * The waiting line: first come, first served. Pure; the store persists the
 * tickets and rebuilds the line from them on start.
 */
export interface QueuedTicket {
  ticketId: string;
  joinedAt: number;
}

export class FifoQueue<T extends QueuedTicket = QueuedTicket> {
  readonly #tickets: T[] = [];

  get size(): number {
    return this.#tickets.length;
  }

  /** Adds a ticket in joined-time order (a restored ticket keeps its place). */
  add(ticket: T): void {
    if (this.has(ticket.ticketId)) throw new Error(`ticket ${ticket.ticketId} already queued`);
    let index = this.#tickets.length;
    while (index > 0 && this.#tickets[index - 1]!.joinedAt > ticket.joinedAt) index--;
    this.#tickets.splice(index, 0, ticket);
  }

  remove(ticketId: string): T | undefined {
    const index = this.#tickets.findIndex((t) => t.ticketId === ticketId);
    if (index < 0) return undefined;
    return this.#tickets.splice(index, 1)[0];
  }

  has(ticketId: string): boolean {
    return this.#tickets.some((t) => t.ticketId === ticketId);
  }

  /** 1-based place in line, or undefined when not queued. */
  position(ticketId: string): number | undefined {
    const index = this.#tickets.findIndex((t) => t.ticketId === ticketId);
    return index < 0 ? undefined : index + 1;
  }

  /** The first ticket that `eligible` accepts, without removing it. */
  first(eligible: (ticket: T) => boolean = () => true): T | undefined {
    return this.#tickets.find(eligible);
  }

  list(): readonly T[] {
    return this.#tickets;
  }
}
