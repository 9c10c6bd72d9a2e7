import type { PriorityClass } from '../../../shared/domain/priority.js';

// A transfer outranks every class (see RoutingTicket.transfer).
export type { PriorityClass };

export interface TransferTarget {
  /** When set, only this teller may take the transfer; otherwise the ticket's service and language group. */
  tellerId?: string;
  /** The teller handing the call over, who must not get it back from the group. */
  fromTellerId: string;
  requestedAt: number;
}

/** What the engine needs to know of a customer in line. */
export interface RoutingTicket {
  ticketId: string;
  serviceId: string;
  language: string;
  priority: PriorityClass;
  joinedAt: number;
  /**
   * The store's join order (tickets.join_seq): with the joined time, the ticket id and the
   * rank, the whole of what places a ticket, so every leader ranks the same line the same way.
   */
  joinSeq: number;
  /** The customer agreed to be served in Mandarin if no teller of their dialect answers in time. */
  mandarinFallback: boolean;
  /** A call being handed over: it goes first in its target. */
  transfer?: TransferTarget;
}

/** What the engine needs to know of a connected teller. */
export interface RoutingTeller {
  tellerId: string;
  skills: ReadonlySet<string>;
  languages: ReadonlySet<string>;
  /** Ready for a customer: status available, not in a call or its wrap-up. Offers are tracked by the engine. */
  available: boolean;
  /** When the teller last became free; the longest idle gets the next offer. */
  idleSince: number;
  /**
   * false: the teller is offered no call being handed over (its page is on another node than the
   * call's, which it cannot take over yet). Unset: it is.
   */
  takesHandOvers?: boolean;
}

export interface RoutingPolicy {
  /** How far ahead of its joined time each class is ranked: ageing, so that no class starves another. */
  boostMs: Record<PriorityClass, number>;
  /** Languages that may fall back to Mandarin, and after how long a wait. */
  dialects: ReadonlySet<string>;
  mandarin: string;
  mandarinFallbackAfterMs: number;
  offerTimeoutMs: number;
}

export interface Offer {
  ticketId: string;
  tellerId: string;
  offeredAt: number;
  expiresAt: number;
}
