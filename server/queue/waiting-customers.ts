import type { TicketView } from '../../shared/contracts/ticket.js';
import { CUSTOMER_KEY, type CallFeature, type TimelineStore } from '../call/index.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import { AppError } from '../platform/errors.js';
import { KeyedTimers } from '../platform/timers/keyed-timers.js';
import type { Line } from './line.js';
import { newTicket } from './new-ticket.js';
import type { Offers } from './offers.js';
import type { LeaderLink, QueueNotice } from './leader-link.js';
import type { QueueBus } from './queue-bus.js';
import type { QueueLeadership } from './queue-leadership.js';
import type { QueuePositions } from './queue-positions.js';
import type { QueueTurns } from './queue-turns.js';
import type { OfferStore } from './offer-store.js';
import type { LeftReason, Ticket, TicketStore } from './ticket-store.js';
import type { VipStore } from './vip-store.js';

/** Version of the recording notice the customer consented to; stored with the consent. */
export const RECORDING_NOTICE_VERSION = '2026-11-1';

export interface WaitingCustomersDeps {
  store: {
    db: Kysely<Schema>;
    tickets: TicketStore;
    offers: OfferStore;
    events: TimelineStore;
    vip: VipStore;
  };
  line: Line;
  offers: Offers;
  positions: QueuePositions;
  calls: Pick<CallFeature, 'registry' | 'rejoin' | 'lifecycle'>;
  bus: QueueBus;
  turns: QueueTurns;
  /** Only the leader keeps the line; another node stores the change and tells the leader. */
  leadership: QueueLeadership;
  link: LeaderLink;
  clock: () => number;
  /** How long a waiting customer's page may be gone before it has left. */
  abandonGraceMs: number;
}

/**
 * Customers from the join form to their call: joining, their pages coming and
 * going, leaving, and leaving by staying away too long. A customer in a call
 * whose page goes is the call's to wait for.
 *
 * Several nodes (README, "Queue leader"): the line is the leader's. A node
 * that does not lead stores a join or a leaving and tells the leader, which
 * reloads its line from the store; it counts the pages open on it and tells
 * the leader when a customer's page comes or its last one goes. The leader
 * takes a customer for gone only when no node has a page of it.
 */
export class WaitingCustomers {
  /** Open pages per ticket. */
  readonly #pages = new Map<string, number>();
  readonly #abandonTimers = new KeyedTimers();
  /** Leader: customers a teller on another node accepted, until the store says their call started. */
  readonly #handedOff = new Set<string>();
  #stopped = false;

  constructor(private readonly deps: WaitingCustomersDeps) {}

  /**
   * The line rebuilt from the store, in join order: on start, after the calls
   * a previous process left open are ended (and, with a leader, whenever this
   * node is elected). Offers the store has open went with the process that
   * made them: withdrawn, their customers waiting again. Nobody is connected
   * yet: a customer who does not come back within the grace period has gone.
   */
  restore(): Promise<number> {
    // Called by the queue's lead(), after the line was emptied: what was handed off is in the store now.
    this.#handedOff.clear();
    return this.deps.turns.run(async () => {
      const { db, tickets, offers } = this.deps.store;
      const queued = await inTransaction(db, async (trx) => {
        await offers.in(trx).withdrawAllOpen(this.deps.clock());
        await tickets.in(trx).offeredWaitingAgain();
        return tickets.in(trx).listQueued();
      });
      for (const ticket of queued) {
        this.deps.line.add({ ...ticket, status: 'waiting' });
        // A newly elected leader may have the customer's page already.
        if (!this.#pages.has(ticket.id)) this.#startAbandonTimer(ticket.id);
      }
      return queued.length;
    });
  }

  /** Validates the join form, stores the ticket and its recording consent, queues it. */
  join(input: unknown): Promise<Ticket> {
    return this.deps.turns.run(async () => {
      const { db, tickets, events, vip } = this.deps.store;
      const now = this.deps.clock();
      const joining = await newTicket(input, now, (idType, idNumber) => vip.isVip(idType, idNumber));
      const ticket = await inTransaction(db, async (trx) => {
        const stored = await tickets.in(trx).insert(joining);
        for (const [type, data] of [
          ['consent.recording', { notice: RECORDING_NOTICE_VERSION }],
          [
            'queue.joined',
            { serviceId: stored.serviceId, language: stored.language, priority: stored.priority },
          ],
        ] as const) {
          await events.in(trx).append({
            callId: null,
            ticketId: stored.id,
            at: now,
            actor: 'customer',
            type,
            data,
          });
        }
        return stored;
      });
      if (!this.deps.leadership.leads) {
        this.deps.link.tell({ kind: 'line' });
        return ticket;
      }
      this.deps.line.add(ticket);
      // The page connects right after; until then the ticket is as good as disconnected.
      this.#startAbandonTimer(ticket.id);
      await this.#queueChanged();
      return ticket;
    });
  }

  async view(ticketId: string): Promise<TicketView> {
    const ticket = this.deps.line.ticket(ticketId) ?? (await this.deps.store.tickets.find(ticketId));
    if (!ticket) throw new AppError('not_found', 'no such ticket');
    const call = this.deps.calls.registry.ofTicket(ticketId);
    const update = call ? undefined : this.deps.positions.of(ticketId);
    return {
      ticketId,
      serviceId: ticket.serviceId,
      language: ticket.language,
      elderly: ticket.priority === 'elderly',
      status: call ? 'in_call' : ticket.status === 'offered' ? 'waiting' : ticket.status,
      position: update?.position ?? null,
      estimatedWaitMs: update?.estimatedWaitMs ?? null,
      callId: call?.callId ?? null,
    };
  }

  leave(ticketId: string): Promise<void> {
    return this.deps.turns.run(() => this.#leave(ticketId, 'customer'));
  }

  connected(ticketId: string): Promise<void> {
    return this.deps.turns.run(() => {
      this.#pages.set(ticketId, (this.#pages.get(ticketId) ?? 0) + 1);
      this.#abandonTimers.cancel(ticketId);
      const call = this.deps.calls.registry.ofTicket(ticketId);
      if (call) this.deps.calls.rejoin.connected(call, CUSTOMER_KEY, 'customer');
      else if (!this.deps.leadership.leads) this.deps.link.tell({ kind: 'pageCame', ticketId });
    });
  }

  /** The customer's last page went away: its call waits for it; a place in line is kept for the grace period. */
  disconnected(ticketId: string): Promise<void> {
    return this.deps.turns.run(() => {
      if (this.#stopped) return;
      const left = (this.#pages.get(ticketId) ?? 1) - 1;
      if (left > 0) {
        this.#pages.set(ticketId, left);
        return;
      }
      this.#pages.delete(ticketId);
      const { registry, rejoin, lifecycle } = this.deps.calls;
      const call = registry.ofTicket(ticketId);
      if (call) {
        rejoin.dropped(call, CUSTOMER_KEY, 'customer', () =>
          this.deps.turns.background(() => lifecycle.end(call.callId, 'customer_disconnected')),
        );
      } else if (!this.deps.leadership.leads) this.deps.link.tell({ kind: 'pageGone', ticketId });
      else if (this.deps.line.isWaiting(ticketId)) this.#startAbandonTimer(ticketId);
    });
  }

  /**
   * The leader hears what another node did to the line: it reloads the line
   * from the store (a join, a leaving), or follows a page there.
   */
  heard(notice: Extract<QueueNotice, { kind: 'line' | 'pageCame' | 'pageGone' | 'putBack' }>): Promise<void> {
    return this.deps.turns.run(async () => {
      if (!this.deps.leadership.leads) return;
      if (notice.kind === 'line') return this.#reload();
      if (notice.kind === 'putBack') {
        this.#handedOff.delete(notice.ticketId);
        return this.#reload();
      }
      const { ticketId } = notice;
      if (notice.kind === 'pageCame') {
        // The grace timer runs on: when it fires it finds the page and looks again later.
        // The page asks its position on connecting, but only the leader knows it.
        if (this.deps.line.isWaiting(ticketId)) this.deps.bus.emit('positionAsked', ticketId);
      } else if (this.deps.line.isWaiting(ticketId) && !this.#pages.has(ticketId)) {
        this.#startAbandonTimer(ticketId);
      }
    });
  }

  /**
   * Leader: a teller on another node accepted the customer (that node stored it and starts the
   * call): out of this line, and not put back by a reload while the store still has it waiting.
   */
  handedOff(ticketId: string): void {
    if (!this.deps.line.isWaiting(ticketId)) return;
    this.#handedOff.add(ticketId);
    this.deps.line.remove(ticketId);
    this.#abandonTimers.cancel(ticketId);
    // No offers here: the caller frees or busies the teller first.
    this.deps.bus.emit('queueChanged');
  }

  /** The customer's call started: out of line, no longer at risk of being taken for gone. */
  answered(ticket: Ticket, at: number): void {
    this.deps.line.answered(ticket.id);
    this.#abandonTimers.cancel(ticket.id);
    this.deps.bus.emit('answered', at - ticket.joinedAt);
  }

  /**
   * Server shutdown: the sockets' disconnections that follow change nothing,
   * so customers find their place again after a restart.
   */
  stop(): void {
    this.#stopped = true;
    this.#abandonTimers.clear();
  }

  /** Stored first: a customer whose leaving the store did not take is still in line. */
  async #leave(ticketId: string, reason: LeftReason): Promise<void> {
    const { db, tickets, events } = this.deps.store;
    const leads = this.deps.leadership.leads;
    // Not leading: the store says whether the customer is still in line (the leader's line follows it).
    const waiting = leads
      ? this.deps.line.isWaiting(ticketId)
      : ['waiting', 'offered'].includes((await tickets.find(ticketId))?.status ?? '');
    if (!waiting) throw new AppError('invalid_state', 'the ticket is not waiting');
    const now = this.deps.clock();
    await inTransaction(db, async (trx) => {
      await tickets.in(trx).markLeft(ticketId, now, reason);
      await events.in(trx).append({
        callId: null,
        ticketId,
        at: now,
        actor: reason === 'customer' ? 'customer' : 'system',
        type: reason === 'customer' ? 'queue.left' : 'queue.abandoned',
      });
    });
    if (!leads) {
      this.deps.link.tell({ kind: 'line' });
      return;
    }
    const withdrawn = this.deps.line.remove(ticketId);
    this.#abandonTimers.cancel(ticketId);
    if (withdrawn) await this.deps.offers.withdrawn(withdrawn);
    if (reason === 'abandoned') this.deps.bus.emit('abandoned');
    await this.#queueChanged();
  }

  #startAbandonTimer(ticketId: string): void {
    if (this.#stopped) return;
    this.#abandonTimers.start(ticketId, this.deps.abandonGraceMs, () =>
      this.deps.turns.background(async () => {
        if (!this.deps.line.isWaiting(ticketId) || this.#pages.has(ticketId)) return;
        // A page open on another node keeps the place, and is looked for again a grace period later:
        // its node tells when its last page goes, but a node that dies tells nothing.
        if (await this.deps.link.pagesAnywhere(ticketId)) return this.#startAbandonTimer(ticketId);
        if (this.deps.line.isWaiting(ticketId)) await this.#leave(ticketId, 'abandoned');
      }),
    );
  }

  /**
   * The line as the store has it: customers who joined on another node come
   * in (in their ranks), those who left there go, with their offers. A
   * customer this leader is handing to a call is its own, whatever the store
   * says yet.
   */
  async #reload(): Promise<void> {
    const { line, offers } = this.deps;
    const queued = await this.deps.store.tickets.listQueued();
    const stored = new Set(queued.map((ticket) => ticket.id));
    for (const ticketId of this.#handedOff) if (!stored.has(ticketId)) this.#handedOff.delete(ticketId);
    let changed = false;
    for (const { ticketId } of line.waitingTickets()) {
      if (stored.has(ticketId)) continue;
      const withdrawn = line.remove(ticketId);
      this.#abandonTimers.cancel(ticketId);
      if (withdrawn) await offers.withdrawn(withdrawn);
      changed = true;
    }
    for (const ticket of queued) {
      if (
        line.ticket(ticket.id) ||
        this.#handedOff.has(ticket.id) ||
        this.deps.calls.registry.ofTicket(ticket.id)
      )
        continue;
      line.add({ ...ticket, status: 'waiting' });
      if (!this.#pages.has(ticket.id)) this.#startAbandonTimer(ticket.id);
      changed = true;
    }
    if (changed) await this.#queueChanged();
  }

  async #queueChanged(): Promise<void> {
    await this.deps.offers.dispatch();
    this.deps.bus.emit('queueChanged');
  }
}
