import { mayFallBack, rankOf } from './eligibility.js';
import { RankedList } from './ranked-list.js';
import type { Offer, RoutingPolicy, RoutingTeller, RoutingTicket } from './routing-types.js';

interface Entry {
  ticket: RoutingTicket;
  rank: number;
  offer: Offer | undefined;
}

/** Tickets of one service in one language, in rank order; consenting dialect tickets also on their own. */
interface Group {
  key: string;
  serviceId: string;
  language: string;
  all: RankedList<Entry>;
  fallback: RankedList<Entry>;
}

interface Candidate {
  entry: Entry;
  pools: ReadonlySet<string>[];
}

const groupKey = (serviceId: string, language: string): string => `${serviceId}\u0000${language}`;

/**
 * Ties in rank go by the ticket's own data, never by when this engine heard of it: a
 * leader hears of tickets joined on other nodes later than of its own, and a new leader
 * rebuilds from the store, yet both must rank the same line alike.
 */
function ranksBefore(a: Entry, b: Entry): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  const x = a.ticket;
  const y = b.ticket;
  if (x.joinedAt !== y.joinedAt) return x.joinedAt < y.joinedAt;
  if (x.joinSeq !== y.joinSeq) return x.joinSeq < y.joinSeq;
  return x.ticketId < y.ticketId;
}

/**
 * Decides which waiting ticket is offered to which teller. Pure and
 * deterministic: time comes in as arguments; callers persist and announce.
 *
 * Tickets are indexed by (service, language) and free tellers by the groups
 * they can serve, so a decision looks at group heads, not at every ticket.
 */
export class RoutingEngine {
  readonly #entries = new Map<string, Entry>();
  readonly #groups = new Map<string, Group>();
  /** Transfers addressed to one teller, by that teller. */
  readonly #direct = new Map<string, RankedList<Entry>>();
  readonly #tellers = new Map<string, RoutingTeller>();
  readonly #offerOfTeller = new Map<string, Entry>();
  /** Tellers ready for an offer, by the groups they serve. */
  readonly #freeByGroup = new Map<string, Set<string>>();
  constructor(readonly policy: RoutingPolicy) {}

  get size(): number {
    return this.#entries.size;
  }

  has(ticketId: string): boolean {
    return this.#entries.has(ticketId);
  }

  ticket(ticketId: string): RoutingTicket | undefined {
    return this.#entries.get(ticketId)?.ticket;
  }

  /** Waiting tickets, in no particular order. */
  tickets(): IterableIterator<RoutingTicket> {
    return [...this.#entries.values()].map((e) => e.ticket)[Symbol.iterator]();
  }

  teller(tellerId: string): RoutingTeller | undefined {
    return this.#tellers.get(tellerId);
  }

  tellers(): IterableIterator<RoutingTeller> {
    return this.#tellers.values();
  }

  /**
   * Forgets every ticket, teller and offer: a newly elected queue leader
   * rebuilds the engine from the store, and what this node decided (or
   * followed) before its election no longer counts.
   */
  clear(): void {
    for (const map of [
      this.#entries,
      this.#groups,
      this.#direct,
      this.#tellers,
      this.#offerOfTeller,
      this.#freeByGroup,
    ])
      map.clear();
  }

  // ---- tickets ------------------------------------------------------------

  addTicket(ticket: RoutingTicket): void {
    if (this.#entries.has(ticket.ticketId)) throw new Error(`ticket ${ticket.ticketId} is already in line`);
    const entry: Entry = { ticket, rank: rankOf(ticket, this.policy), offer: undefined };
    this.#entries.set(ticket.ticketId, entry);
    for (const list of this.#listsOf(entry, true)) list.insert(entry);
  }

  /** Takes a ticket out of line; returns the offer it withdrew, if it was offered. */
  removeTicket(ticketId: string): Offer | undefined {
    const entry = this.#entries.get(ticketId);
    if (!entry) return undefined;
    this.#entries.delete(ticketId);
    for (const list of this.#listsOf(entry, false)) list.remove(entry);
    const offer = entry.offer;
    if (offer) this.#clearOffer(entry);
    return offer;
  }

  offerOfTicket(ticketId: string): Offer | undefined {
    return this.#entries.get(ticketId)?.offer;
  }

  offerOfTeller(tellerId: string): Offer | undefined {
    return this.#offerOfTeller.get(tellerId)?.offer;
  }

  /** 1-based place among the tickets competing for the same tellers (same group, or same addressee). */
  position(ticketId: string): number | undefined {
    const entry = this.#entries.get(ticketId);
    if (!entry) return undefined;
    const list = this.#mainListOf(entry);
    return list ? list.indexOf(entry) + 1 : undefined;
  }

  /** Every waiting ticket's place, in one pass per group. */
  positions(): Map<string, number> {
    const places = new Map<string, number>();
    const lists = [...[...this.#groups.values()].map((g) => g.all), ...this.#direct.values()];
    for (const list of lists) {
      let place = 0;
      for (const entry of list) places.set(entry.ticket.ticketId, ++place);
    }
    return places;
  }

  // ---- tellers ------------------------------------------------------------

  /** Adds or updates a teller; a teller no longer available loses its offer, which is returned. */
  setTeller(teller: RoutingTeller): Offer | undefined {
    const previous = this.#tellers.get(teller.tellerId);
    if (previous) this.#unindexFree(previous);
    this.#tellers.set(teller.tellerId, { ...teller });
    const offered = this.#offerOfTeller.get(teller.tellerId);
    const withdrawn = offered && !teller.available ? offered.offer : undefined;
    if (offered && withdrawn) this.#clearOffer(offered);
    this.#indexFree(teller.tellerId);
    return withdrawn;
  }

  /** The teller went away entirely; returns the offer it lost. */
  removeTeller(tellerId: string): Offer | undefined {
    const teller = this.#tellers.get(tellerId);
    if (!teller) return undefined;
    this.#unindexFree(teller);
    this.#tellers.delete(tellerId);
    const offered = this.#offerOfTeller.get(tellerId);
    const withdrawn = offered?.offer;
    if (offered) this.#clearOffer(offered);
    return withdrawn;
  }

  // ---- offers -------------------------------------------------------------

  /**
   * Makes every offer the rules allow now: repeatedly, the best-ranked ticket
   * that some free teller may serve goes to the longest idle of those tellers.
   */
  dispatch(now: number): Offer[] {
    const made: Offer[] = [];
    for (;;) {
      const candidate = this.#bestCandidate(now);
      if (!candidate) return made;
      const tellerId = this.#longestIdle(candidate.pools, candidate.entry.ticket)!;
      const offer: Offer = {
        ticketId: candidate.entry.ticket.ticketId,
        tellerId,
        offeredAt: now,
        expiresAt: now + this.policy.offerTimeoutMs,
      };
      candidate.entry.offer = offer;
      this.#offerOfTeller.set(tellerId, candidate.entry);
      this.#unindexFree(this.#tellers.get(tellerId)!);
      made.push(offer);
    }
  }

  /** The teller takes the offered ticket: it leaves the line and the teller is busy. */
  accept(tellerId: string, ticketId: string): RoutingTicket {
    const entry = this.#offeredTo(tellerId, ticketId);
    this.removeTicket(ticketId);
    this.setTeller({ ...this.#tellers.get(tellerId)!, available: false });
    return entry.ticket;
  }

  /** The teller passes; it goes to the back of the idle order so others are asked first. */
  decline(tellerId: string, ticketId: string, now: number): Offer {
    const entry = this.#offeredTo(tellerId, ticketId);
    const offer = entry.offer!;
    this.#clearOffer(entry);
    this.setTeller({ ...this.#tellers.get(tellerId)!, idleSince: now });
    return offer;
  }

  /** Offers past their time: withdrawn, and their tellers marked not available (nobody at the desk). */
  expire(now: number): Offer[] {
    const expired: Offer[] = [];
    for (const entry of [...this.#offerOfTeller.values()]) {
      const offer = entry.offer!;
      if (offer.expiresAt > now) continue;
      expired.push(offer);
      this.#clearOffer(entry);
      this.setTeller({ ...this.#tellers.get(offer.tellerId)!, available: false });
    }
    return expired;
  }

  /** When the next offer expires, to set one timer. */
  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const entry of this.#offerOfTeller.values()) {
      if (next === undefined || entry.offer!.expiresAt < next) next = entry.offer!.expiresAt;
    }
    return next;
  }

  // ---- internals ----------------------------------------------------------

  #bestCandidate(now: number): Candidate | undefined {
    let best: Candidate | undefined;
    const consider = (candidate: Candidate | undefined): void => {
      if (candidate && (!best || ranksBefore(candidate.entry, best.entry))) best = candidate;
    };
    for (const group of this.#groups.values()) consider(this.#groupCandidate(group, now));
    for (const [tellerId, list] of this.#direct) {
      if (!this.#isFree(tellerId)) continue;
      for (const entry of list) {
        if (!entry.offer && this.#mayTake(tellerId, entry.ticket)) {
          consider({ entry, pools: [new Set([tellerId])] });
          break;
        }
      }
    }
    return best;
  }

  /** The first ticket of a group that a free teller may serve, with the tellers who may. */
  #groupCandidate(group: Group, now: number): Candidate | undefined {
    const direct = this.#freeByGroup.get(group.key);
    const mandarin = this.policy.dialects.has(group.language)
      ? this.#freeByGroup.get(groupKey(group.serviceId, this.policy.mandarin))
      : undefined;
    const servable = (entry: Entry, pools: ReadonlySet<string>[]): Candidate | undefined =>
      pools.some((pool) => [...pool].some((id) => this.#mayTake(id, entry.ticket)))
        ? { entry, pools }
        : undefined;
    if (direct?.size) {
      for (const entry of group.all) {
        if (entry.offer) continue;
        const pools =
          mandarin?.size && mayFallBack(entry.ticket, this.policy, now) ? [direct, mandarin] : [direct];
        const candidate = servable(entry, pools);
        if (candidate) return candidate;
      }
      return undefined;
    }
    if (!mandarin?.size) return undefined;
    const cutoff = now - this.policy.mandarinFallbackAfterMs;
    for (const entry of group.fallback) {
      // Ranks are joined times moved earlier, so past the cutoff nobody later has waited long enough.
      if (entry.rank > cutoff) return undefined;
      if (entry.offer || !mayFallBack(entry.ticket, this.policy, now)) continue;
      const candidate = servable(entry, [mandarin]);
      if (candidate) return candidate;
    }
    return undefined;
  }

  /** A hand-over goes neither back to the teller handing it over nor to one who cannot take it over. */
  #mayTake(tellerId: string, ticket: RoutingTicket): boolean {
    if (!ticket.transfer) return true;
    return tellerId !== ticket.transfer.fromTellerId && this.#tellers.get(tellerId)?.takesHandOvers !== false;
  }

  #longestIdle(pools: ReadonlySet<string>[], ticket: RoutingTicket): string | undefined {
    let best: RoutingTeller | undefined;
    for (const pool of pools) {
      for (const tellerId of pool) {
        if (!this.#mayTake(tellerId, ticket)) continue;
        const teller = this.#tellers.get(tellerId)!;
        if (
          !best ||
          teller.idleSince < best.idleSince ||
          (teller.idleSince === best.idleSince && teller.tellerId < best.tellerId)
        )
          best = teller;
      }
    }
    return best?.tellerId;
  }

  #offeredTo(tellerId: string, ticketId: string): Entry {
    const entry = this.#offerOfTeller.get(tellerId);
    if (!entry || entry.ticket.ticketId !== ticketId) {
      throw new Error(`ticket ${ticketId} is not offered to teller ${tellerId}`);
    }
    return entry;
  }

  #clearOffer(entry: Entry): void {
    const tellerId = entry.offer!.tellerId;
    entry.offer = undefined;
    this.#offerOfTeller.delete(tellerId);
    this.#indexFree(tellerId);
  }

  #isFree(tellerId: string): boolean {
    const teller = this.#tellers.get(tellerId);
    return !!teller && teller.available && !this.#offerOfTeller.has(tellerId);
  }

  #indexFree(tellerId: string): void {
    if (!this.#isFree(tellerId)) return;
    for (const key of this.#groupKeysOf(this.#tellers.get(tellerId)!)) {
      let pool = this.#freeByGroup.get(key);
      if (!pool) this.#freeByGroup.set(key, (pool = new Set()));
      pool.add(tellerId);
    }
  }

  #unindexFree(teller: RoutingTeller): void {
    for (const key of this.#groupKeysOf(teller)) this.#freeByGroup.get(key)?.delete(teller.tellerId);
  }

  *#groupKeysOf(teller: RoutingTeller): Generator<string> {
    for (const serviceId of teller.skills) {
      for (const language of teller.languages) yield groupKey(serviceId, language);
    }
  }

  #mainListOf(entry: Entry): RankedList<Entry> | undefined {
    const addressee = entry.ticket.transfer?.tellerId;
    if (addressee) return this.#direct.get(addressee);
    return this.#groups.get(groupKey(entry.ticket.serviceId, entry.ticket.language))?.all;
  }

  /** The lists an entry belongs in; created on demand when adding. */
  #listsOf(entry: Entry, create: boolean): RankedList<Entry>[] {
    const { ticket } = entry;
    const addressee = ticket.transfer?.tellerId;
    if (addressee) {
      if (create && !this.#direct.has(addressee)) this.#direct.set(addressee, new RankedList(ranksBefore));
      const list = this.#direct.get(addressee);
      return list ? [list] : [];
    }
    const key = groupKey(ticket.serviceId, ticket.language);
    let group = this.#groups.get(key);
    if (!group && create) {
      group = {
        key,
        serviceId: ticket.serviceId,
        language: ticket.language,
        all: new RankedList(ranksBefore),
        fallback: new RankedList(ranksBefore),
      };
      this.#groups.set(key, group);
    }
    if (!group) return [];
    const consents = ticket.mandarinFallback && !ticket.transfer && this.policy.dialects.has(ticket.language);
    return consents ? [group.all, group.fallback] : [group.all];
  }
}
