import type { Kysely } from 'kysely';
import type { OfferView } from '../../shared/contracts/socket-events.js';
import { assertEpoch } from '../platform/cluster/fencing.js';
import type { CallRegistry } from '../call/index.js';
import type { Schema } from '../platform/database/schema.js';
import { AppError } from '../platform/errors.js';
import { inTransaction } from '../platform/database/transaction.js';
import { Alarm } from '../platform/timers/alarm.js';
import type { OfferOutcome, OfferStore } from './offer-store.js';
import type { LeaderLink } from './leader-link.js';
import type { QueueBus } from './queue-bus.js';
import type { QueueDraining } from './queue-draining.js';
import type { QueueLeadership } from './queue-leadership.js';
import type { QueueTurns } from './queue-turns.js';
import type { RoutingEngine } from './rules/routing-engine.js';
import type { Offer, RoutingTicket } from './rules/routing-types.js';
import type { TellerPresence } from './teller-presence.js';
import type { Ticket, TicketStore } from './ticket-store.js';

export interface OffersDeps {
  engine: RoutingEngine;
  store: { db: Kysely<Schema>; offers: OfferStore; tickets: TicketStore };
  presence: TellerPresence;
  /** The hand-over a call in line stands for, stored with its offers. */
  registry: Pick<CallRegistry, 'ofTicket'>;
  bus: QueueBus;
  turns: QueueTurns;
  /** Only the elected leader makes offers, and the store refuses a deposed one's (fenced writes). */
  leadership: QueueLeadership;
  /** To the other nodes: a teller's desk changed here; an offer to their teller changed. */
  link: LeaderLink;
  /** A draining node's tellers are routed by nobody: the leader hears they are gone. */
  draining: QueueDraining;
  clock: () => number;
}

/**
 * Offers of customers (and of calls being handed over) to tellers: the
 * routing engine decides who is offered to whom; this keeps the store and the
 * expiry alarm in step with its decisions. A teller who lets an offer expire
 * is not at the desk: it is set away.
 *
 * Each change runs in a queue turn (queue-turns.ts): the engine decides, the
 * store follows, then the news goes out. An offer whose row could not be
 * written is taken back from the engine, so no teller is offered a customer
 * the store does not know of; a failed write of how an offer ended leaves an
 * open offer row, which the next rebuild from the store withdraws.
 *
 * Only the queue leader decides (README, "Queue leader"): a node that does
 * not lead makes no offer, arms no expiry, and stores no offer's end; every
 * write of an offer is fenced with the leader's epoch, so a leader deposed
 * without noticing yet has its offers refused by the store (and taken back).
 *
 * A teller whose page is on another node: the leader routes it by what that
 * node tells it (`syncTeller` there sends the teller's snapshot), and tells
 * that node when the teller's offer changes; that node shows the stored
 * offer, and takes an acceptance against the stored offer (`acceptStored`).
 */
export class Offers {
  readonly #alarm = new Alarm(() => this.deps.turns.background(() => this.#expire()));
  /** Not leading: the offers the leader made to this node's tellers, as stored. */
  readonly #shown = new Map<string, OfferView>();
  #stopped = false;

  constructor(private readonly deps: OffersDeps) {}

  ofTeller(tellerId: string): Offer | undefined {
    return this.deps.engine.offerOfTeller(tellerId);
  }

  /**
   * Makes the offers the rules allow now, stores them and arms the expiry
   * alarm. Offers that cannot be stored are not made (and the failure is
   * reported, not thrown: the change that called for offers stands).
   */
  dispatch(): Promise<void> {
    return this.deps.turns.run(async () => {
      const { engine, store, registry, leadership } = this.deps;
      const epoch = leadership.epoch;
      if (epoch === undefined) return;
      const now = this.deps.clock();
      const made = engine.dispatch(now).map((offer) => ({
        ...offer,
        transferId: registry.ofTicket(offer.ticketId)?.transfer?.id ?? null,
      }));
      let stored = made.length > 0;
      if (stored) {
        try {
          await leadership.fenced(store.db, epoch, async (trx) => {
            for (const offer of made) {
              await store.offers.in(trx).insert(offer);
              if (!offer.transferId) await store.tickets.in(trx).setStatus(offer.ticketId, 'offered');
            }
          });
        } catch (error) {
          // Whatever changed the queue stands; its offers wait for the next dispatch, which tries again.
          for (const offer of made) this.#takeBack(offer);
          this.deps.turns.report(error);
          stored = false;
        }
      }
      if (stored) for (const offer of made) this.#offerChanged(offer.tellerId);
      if (!this.#stopped && leadership.leads) this.#alarm.at(engine.nextExpiry(), now);
    });
  }

  /** This node was deposed: it decides nothing more, so no offer of its own expires here either. */
  disarm(): void {
    this.#alarm.cancel();
  }

  /**
   * Tells the engine what it needs of a teller's presence; an offer it can no longer take is
   * withdrawn. Not leading: the leader is told instead.
   */
  async syncTeller(tellerId: string): Promise<void> {
    const presence = this.deps.presence.get(tellerId);
    if (!presence) return;
    // Draining (it leads no more): its teller keeps its desk here until its page moves, offered nobody.
    if (this.deps.draining.on && !presence.remote) {
      this.deps.link.tell({ kind: 'tellerGone', tellerId });
      // An offer it was shown goes: the leader withdraws it.
      if (this.#shown.delete(tellerId)) this.deps.bus.emit('tellerChanged', tellerId);
      return;
    }
    if (!this.deps.leadership.leads) {
      if (!presence.remote)
        this.deps.link.tell({ kind: 'teller', teller: this.deps.presence.snapshot(presence) });
      return;
    }
    const withdrawn = this.deps.engine.setTeller(this.deps.presence.routingTeller(presence));
    if (withdrawn) await this.ended(withdrawn, 'withdrawn');
  }

  /** A teller gone from work: out of routing, its offer to someone else. */
  async removeTeller(tellerId: string): Promise<void> {
    if (!this.deps.leadership.leads) {
      this.#shown.delete(tellerId);
      this.deps.link.tell({ kind: 'tellerGone', tellerId });
      return;
    }
    const withdrawn = this.deps.engine.removeTeller(tellerId);
    if (withdrawn) await this.ended(withdrawn, 'withdrawn');
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

  /** Not leading: the offer the leader made to this node's teller, as stored. */
  shownTo(tellerId: string): OfferView | undefined {
    return this.#shown.get(tellerId);
  }

  /** The leader says this node's teller's offer changed: the stored open offer is what it shows. */
  showStored(tellerId: string): Promise<void> {
    return this.deps.turns.run(async () => {
      if (
        this.deps.leadership.leads ||
        this.deps.draining.on ||
        this.deps.presence.get(tellerId)?.remote !== false
      )
        return;
      const row = await this.deps.store.db
        .selectFrom('offers')
        .innerJoin('tickets', 'tickets.id', 'offers.ticket_id')
        .select(['offers.ticket_id', 'offers.expires_at', 'offers.transfer_id'])
        .select([
          'tickets.full_name',
          'tickets.service_id',
          'tickets.language',
          'tickets.priority',
          'tickets.joined_at',
        ])
        .where('offers.teller_id', '=', tellerId)
        .where('offers.resolved_at', 'is', null)
        .orderBy('offers.offered_at', 'desc')
        .executeTakeFirst();
      const now = this.deps.clock();
      if (!row) this.#shown.delete(tellerId);
      else
        this.#shown.set(tellerId, {
          ticketId: row.ticket_id,
          fullName: row.full_name,
          serviceId: row.service_id,
          language: row.language,
          priority: row.priority as OfferView['priority'],
          waitedMs: now - row.joined_at,
          expiresAt: row.expires_at,
          expiresInMs: Math.max(0, row.expires_at - now),
          transfer: null,
        });
      this.deps.bus.emit('tellerChanged', tellerId);
    });
  }

  /** The teller passes; the customer goes to someone else (not leading: the leader decides it). */
  decline(tellerId: string, ticketId: string): Promise<void> {
    return this.deps.turns.run(async () => {
      if (!this.deps.leadership.leads) {
        this.deps.presence.require(tellerId);
        if (this.#shown.get(tellerId)?.ticketId !== ticketId)
          throw new AppError('invalid_state', 'this customer is not offered to you');
        this.#shown.delete(tellerId);
        this.deps.link.tell({ kind: 'decline', tellerId, ticketId });
        this.deps.bus.emit('tellerChanged', tellerId);
        return;
      }
      this.offeredTo(tellerId, ticketId);
      const offer = this.deps.engine.decline(tellerId, ticketId, this.deps.clock());
      await this.ended(offer, 'declined');
      this.deps.bus.emit('tellerChanged', tellerId);
      await this.dispatch();
    });
  }

  /**
   * The teller takes the customer (or the call handed over): out of line, the
   * teller busy. If the acceptance cannot be stored, the customer goes back in
   * line and the teller is free again, as the store still has them.
   */
  accept(tellerId: string, ticketId: string): Promise<RoutingTicket> {
    return this.deps.turns.run(async () => {
      const offer = this.offeredTo(tellerId, ticketId);
      const epoch = this.#epochOrRefuse();
      const teller = { ...this.deps.engine.teller(tellerId)! };
      const routed = this.deps.engine.accept(tellerId, ticketId);
      try {
        const { db, offers } = this.deps.store;
        const accepted = await this.deps.leadership.fenced(db, epoch, (trx) =>
          offers.in(trx).acceptOnce(offer.ticketId, offer.tellerId, this.deps.clock()),
        );
        if (!accepted) throw new AppError('invalid_state', 'this customer is not offered to you');
      } catch (error) {
        this.deps.engine.addTicket(routed);
        this.deps.engine.setTeller(teller);
        throw error;
      }
      return routed;
    });
  }

  /**
   * Not leading: this node's teller takes the offer the leader made it. Checked against the stored
   * offer, not this node's engine (it has none), in a transaction that holds the leader epoch row:
   * a leader elected meanwhile rebuilds after it, and withdraws the offer if it came first. The
   * leader is told. A hand-over is taken on the leader's node.
   */
  acceptStored(tellerId: string, ticketId: string): Promise<{ routed: RoutingTicket; ticket: Ticket }> {
    return this.deps.turns.run(async () => {
      this.deps.presence.require(tellerId);
      const { db, offers, tickets } = this.deps.store;
      const ticket = await inTransaction(db, async (trx) => {
        const { epoch } = await trx
          .selectFrom('leader_epoch')
          .select('epoch')
          .where('id', '=', 1)
          .executeTakeFirstOrThrow();
        await assertEpoch(trx, epoch);
        const open = await trx
          .selectFrom('offers')
          .select('transfer_id')
          .where('ticket_id', '=', ticketId)
          .where('teller_id', '=', tellerId)
          .where('resolved_at', 'is', null)
          .executeTakeFirst();
        if (
          !open ||
          open.transfer_id !== null ||
          !(await offers.in(trx).acceptOnce(ticketId, tellerId, this.deps.clock()))
        )
          throw new AppError('invalid_state', 'this customer is not offered to you');
        return tickets.in(trx).find(ticketId);
      });
      if (!ticket) throw new AppError('not_found', 'no such ticket');
      this.#shown.delete(tellerId);
      this.deps.link.tell({ kind: 'accepted', tellerId, ticketId });
      const routed: RoutingTicket = {
        ticketId: ticket.id,
        serviceId: ticket.serviceId,
        language: ticket.language,
        priority: ticket.priority,
        joinedAt: ticket.joinedAt,
        joinSeq: ticket.joinSeq,
        mandarinFallback: ticket.mandarinFallback,
      };
      return { routed, ticket };
    });
  }

  /** An offer withdrawn because its customer or call left the line: its teller is free again. */
  async withdrawn(offer: Offer): Promise<void> {
    await this.ended(offer, 'withdrawn');
    this.#offerChanged(offer.tellerId);
  }

  /**
   * Stores how an offer ended; a customer still in line is waiting again (one transaction).
   * False when the offer had ended already: its teller, on another node, accepted it just
   * before (the leader hears of it next), so the customer is not waiting again.
   */
  async ended(offer: Offer, outcome: OfferOutcome): Promise<boolean> {
    const { engine, store, leadership } = this.deps;
    // A deposed node's offers are the new leader's to end: it withdrew them when it rebuilt its line.
    const epoch = leadership.epoch;
    if (epoch === undefined) return false;
    const routed = engine.ticket(offer.ticketId);
    const waitingAgain = outcome !== 'accepted' && routed && !routed.transfer;
    const endedHere = await leadership.fenced(store.db, epoch, async (trx) => {
      const resolved = await store.offers
        .in(trx)
        .resolve(offer.ticketId, offer.tellerId, outcome, this.deps.clock());
      if (resolved && waitingAgain) await store.tickets.in(trx).setStatus(offer.ticketId, 'waiting');
      return resolved;
    });
    if (this.deps.presence.get(offer.tellerId)?.remote)
      this.deps.link.tell({ kind: 'offerChanged', tellerId: offer.tellerId });
    return endedHere;
  }

  /** Server shutdown: no more expiries. */
  stop(): void {
    this.#stopped = true;
    this.#alarm.cancel();
  }

  /** The teller's offer changed: its page is told, here or (the teller's node reads the store) elsewhere. */
  #offerChanged(tellerId: string): void {
    if (this.deps.presence.get(tellerId)?.remote) this.deps.link.tell({ kind: 'offerChanged', tellerId });
    else this.deps.bus.emit('tellerChanged', tellerId);
  }

  /** The leader's epoch, or `stale_leader_epoch`: an offer this node made before it was deposed is not its to settle. */
  #epochOrRefuse(): number {
    const epoch = this.deps.leadership.epoch;
    if (epoch === undefined) throw new AppError('stale_leader_epoch', 'this node no longer leads the queue');
    return epoch;
  }

  /** An offer the store could not take: the engine forgets it too; the customer keeps its place. */
  #takeBack(offer: Offer): void {
    const teller = this.deps.engine.teller(offer.tellerId);
    if (!teller) return;
    const asItWas = { ...teller };
    this.deps.engine.setTeller({ ...asItWas, available: false });
    this.deps.engine.setTeller(asItWas);
  }

  /** Unanswered offers: the teller is not at the desk; the customer goes to the next teller. */
  async #expire(): Promise<void> {
    const { engine, presence, bus } = this.deps;
    if (!this.deps.leadership.leads) return;
    for (const offer of engine.expire(this.deps.clock())) {
      // Accepted on the teller's node meanwhile: the teller was at its desk after all.
      if (!(await this.ended(offer, 'expired'))) continue;
      const teller = presence.get(offer.tellerId);
      if (teller) await presence.setStatus(teller, 'away', 'missed_offer');
      // Its node keeps its desk: it sets it away too, and tells this node again.
      if (teller?.remote)
        this.deps.link.tell({ kind: 'tellerAway', tellerId: teller.tellerId, reason: 'missed_offer' });
      bus.emit('offerExpired');
      bus.emit('tellerChanged', offer.tellerId);
    }
    await this.dispatch();
  }
}
