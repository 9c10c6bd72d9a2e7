import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { StaffUser } from '../../shared/contracts/auth.js';
import type {
  CallEndReason,
  CallView,
  OfferView,
  QueuePositionUpdate,
  TellerStateView,
  TransferConsentRequest,
  TransferTarget,
  TransferTargetsView,
  TransferView,
} from '../../shared/contracts/socket-events.js';
import type { TicketView } from '../../shared/contracts/ticket.js';
import { maskIdNumber } from '../../shared/domain/resident-id.js';
import { SERVICES } from '../../shared/catalog/services.js';
import { DIALECT_IDS, MANDARIN, SERVICE_LANGUAGES } from '../../shared/catalog/languages.js';
import type { QueueConfig } from '../platform/config.js';
import { canServe } from '../queue/index.js';
import { RoutingEngine } from '../queue/index.js';
import type { Offer, RoutingTeller, RoutingTicket } from '../queue/index.js';
import { WaitEstimator } from '../queue/index.js';
import { AppError } from '../platform/errors.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { CallRooms } from '../platform/media/call-rooms.js';
import type { Ticket } from '../queue/index.js';
import type { Principal } from '../identity/index.js';
import type { TransferRow } from './transfer-store.js';
import { Alarm } from '../platform/timers/alarm.js';
import { KeyedTimers } from '../platform/timers/keyed-timers.js';
import type { CounterStores } from './counter-stores.js';
import { newTicket } from '../queue/index.js';

interface TellerPresence {
  tellerId: string;
  displayName: string;
  skills: ReadonlySet<string>;
  languages: ReadonlySet<string>;
  status: 'available' | 'away';
  awayReason: string | null;
  /** When the status (or the call) last changed, for the supervisor's board. */
  since: number;
  idleSince: number;
  sockets: number;
  callId: string | undefined;
}

interface ActiveCall {
  callId: string;
  ticket: Ticket;
  tellerId: string;
  startedAt: number;
  room: CallRoom;
  transfer: TransferRow | undefined;
}

export type CallParticipant =
  | { key: string; role: 'customer'; ticketId: string }
  | { key: string; role: 'teller'; tellerId: string };

export interface CallEndedEvent {
  callId: string;
  ticketId: string;
  tellerId: string;
  reason: CallEndReason;
}

type CounterEvents = {
  queueChanged: [];
  tellerChanged: [tellerId: string];
  callStarted: [call: CallView, room: CallRoom];
  callEnded: [event: CallEndedEvent];
  transferRequested: [ticketId: string, request: TransferConsentRequest];
  transferWithdrawn: [ticketId: string, event: { callId: string; transferId: string }];
  /** The call has a new teller; the previous one is out of it. */
  callHandedOver: [event: { callId: string; ticketId: string; fromTellerId: string; toDisplayName: string }];
  offerExpired: [];
  /** A side of a call lost its page (false) or came back within the grace period (true). */
  peerConnection: [callId: string, participantKey: string, connected: boolean];
  abandoned: [];
  answered: [waitMs: number];
};

/** The participant key of a call's customer or teller inside its media room. */
export const CUSTOMER_KEY = 'customer';
export const tellerKey = (tellerId: string): string => `teller:${tellerId}`;

/** Version of the recording notice the customer consented to; stored with the consent. */
export const RECORDING_NOTICE_VERSION = '2026-11-1';

/**
 * The counter: the line of tickets, tellers' presence, offers, calls and
 * hand-overs. The routing engine decides; this class keeps the store, the
 * timers and the media rooms in step with its decisions, and announces them.
 */
export class CounterService extends EventEmitter<CounterEvents> {
  readonly #engine: RoutingEngine;
  readonly #estimator: WaitEstimator;
  readonly #tickets = new Map<string, Ticket>();
  readonly #tellers = new Map<string, TellerPresence>();
  readonly #calls = new Map<string, ActiveCall>();
  readonly #customerSockets = new Map<string, number>();
  readonly #abandonTimers = new KeyedTimers();
  /** Participants whose page dropped out of a call, by participant key and call: they may come back for a while. */
  readonly #rejoinTimers = new KeyedTimers();
  readonly #offerAlarm = new Alarm(() => this.#expireOffers());
  #stopped = false;

  constructor(
    private readonly store: CounterStores,
    private readonly rooms: CallRooms,
    private readonly queue: QueueConfig,
    private readonly clock: () => number = Date.now,
  ) {
    super();
    this.#engine = new RoutingEngine({
      boostMs: { elderly: queue.elderlyBoostMs, vip: queue.vipBoostMs, normal: 0 },
      dialects: new Set(DIALECT_IDS),
      mandarin: MANDARIN,
      mandarinFallbackAfterMs: queue.mandarinFallbackAfterMs,
      offerTimeoutMs: queue.offerTimeoutMs,
    });
    this.#estimator = new WaitEstimator(queue.defaultHandleMs);
  }

  /** Puts waiting tickets back in line and closes what a previous process left open. */
  restore(): { requeued: number; interruptedCalls: number } {
    const now = this.clock();
    const { db, calls, tickets, events, offers, transfers } = this.store;
    const open = calls.listOpen();
    db.transaction(() => {
      offers.withdrawAllOpen(now);
      transfers.failAllOpen(now);
      for (const call of open) {
        calls.end(call.id, now, 'server_shutdown');
        tickets.setStatus(call.ticketId, 'ended', now);
        events.append({
          callId: call.id,
          ticketId: call.ticketId,
          at: now,
          actor: 'system',
          type: 'call.ended',
          data: { reason: 'server_shutdown' },
        });
      }
      for (const ticket of tickets.listQueued()) {
        if (ticket.status === 'offered') tickets.setStatus(ticket.id, 'waiting');
      }
    })();
    for (const call of calls.recentHandleTimes(200).reverse())
      this.#estimator.recordHandleTime(call.serviceId, call.ms);
    const queued = tickets.listQueued();
    for (const ticket of queued) {
      this.#enqueue({ ...ticket, status: 'waiting' });
      // Nobody is connected yet: a customer who does not come back within the grace period has gone.
      this.#startAbandonTimer(ticket.id);
    }
    return { requeued: queued.length, interruptedCalls: open.length };
  }

  // ---- customers ----------------------------------------------------------

  /** Validates the join form, stores the ticket and its recording consent, queues it. */
  createTicket(input: unknown): Ticket {
    const now = this.clock();
    const ticket = newTicket(input, now, (idType, idNumber) => this.store.vip.isVip(idType, idNumber));
    this.store.db.transaction(() => {
      this.store.tickets.insert(ticket);
      for (const [type, data] of [
        ['consent.recording', { notice: RECORDING_NOTICE_VERSION }],
        [
          'queue.joined',
          { serviceId: ticket.serviceId, language: ticket.language, priority: ticket.priority },
        ],
      ] as const) {
        this.store.events.append({
          callId: null,
          ticketId: ticket.id,
          at: now,
          actor: 'customer',
          type,
          data,
        });
      }
    })();
    this.#enqueue(ticket);
    // The page connects right after; until then the ticket is as good as disconnected.
    this.#startAbandonTimer(ticket.id);
    this.#queueChanged();
    return ticket;
  }

  ticketView(ticketId: string): TicketView {
    const ticket = this.#tickets.get(ticketId) ?? this.store.tickets.find(ticketId);
    if (!ticket) throw new AppError('not_found', 'no such ticket');
    const call = this.#callOfTicket(ticketId);
    const update = this.#engine.has(ticketId) && !call ? this.#positionOf(ticketId) : undefined;
    return {
      ticketId,
      serviceId: ticket.serviceId,
      language: ticket.language,
      priority: ticket.priority,
      status: call ? 'in_call' : ticket.status === 'offered' ? 'waiting' : ticket.status,
      position: update?.position ?? null,
      estimatedWaitMs: update?.estimatedWaitMs ?? null,
      callId: call?.callId ?? null,
    };
  }

  /** The hand-over question waiting for this customer's answer, if any. */
  pendingConsentOf(ticketId: string): TransferConsentRequest | null {
    const call = this.#callOfTicket(ticketId);
    const transfer = call?.transfer;
    return call && transfer?.status === 'awaiting_consent' ? this.#consentRequest(call, transfer) : null;
  }

  /** The call a ticket is in, for a customer page that (re)connects. */
  callOfTicket(ticketId: string): CallView | null {
    const call = this.#callOfTicket(ticketId);
    return call ? this.#callView(call, CUSTOMER_KEY) : null;
  }

  leaveQueue(ticketId: string): void {
    this.#leave(ticketId, 'customer');
  }

  customerConnected(ticketId: string): void {
    this.#customerSockets.set(ticketId, (this.#customerSockets.get(ticketId) ?? 0) + 1);
    this.#abandonTimers.cancel(ticketId);
    const call = this.#callOfTicket(ticketId);
    if (call) this.#rejoined(call, CUSTOMER_KEY, 'customer');
  }

  /** The customer's last page went away: a call ends; a place in line is kept for the grace period. */
  customerDisconnected(ticketId: string): void {
    if (this.#stopped) return;
    const left = (this.#customerSockets.get(ticketId) ?? 1) - 1;
    if (left > 0) {
      this.#customerSockets.set(ticketId, left);
      return;
    }
    this.#customerSockets.delete(ticketId);
    const call = this.#callOfTicket(ticketId);
    if (call) {
      this.#awaitRejoin(call, CUSTOMER_KEY, 'customer', () =>
        this.endCall(call.callId, 'customer_disconnected'),
      );
    } else if (this.#engine.has(ticketId)) this.#startAbandonTimer(ticketId);
  }

  /** Every waiting ticket's place and estimate, for pushing to the customers. */
  queuePositions(): QueuePositionUpdate[] {
    // Staffing is the same for every ticket of a group: count it once per group.
    const staffing = new Map<string, { staffed: number; free: number }>();
    const updates: QueuePositionUpdate[] = [];
    for (const [ticketId, position] of this.#engine.positions()) {
      const ticket = this.#engine.ticket(ticketId)!;
      if (ticket.transfer) continue;
      const key = `${ticket.serviceId}\u0000${ticket.language}`;
      let group = staffing.get(key);
      if (!group) staffing.set(key, (group = this.#staffingFor(ticket)));
      updates.push(this.#positionUpdate(ticket, position, group));
    }
    return updates;
  }

  /** Customers in line; calls being handed over are not waiting customers. */
  get waitingCount(): number {
    return this.#tickets.size;
  }

  get callsInProgress(): number {
    return this.#calls.size;
  }

  // ---- tellers ------------------------------------------------------------

  tellerConnected(user: StaffUser): void {
    const presence = this.#tellers.get(user.id);
    if (presence) {
      presence.sockets++;
      const call = presence.callId ? this.#calls.get(presence.callId) : undefined;
      if (call) this.#rejoined(call, tellerKey(user.id), user.id);
      return;
    }
    const profile = this.store.tellers.profile(user.id);
    const now = this.clock();
    this.#tellers.set(user.id, {
      tellerId: user.id,
      displayName: user.displayName,
      skills: new Set(profile.skills),
      languages: new Set(profile.languages),
      // A teller who was available when the server went down is available again on reconnecting.
      status: this.store.tellers.status(user.id),
      awayReason: null,
      since: now,
      idleSince: now,
      sockets: 1,
      callId: undefined,
    });
    this.#syncTeller(user.id);
    this.#dispatch();
  }

  /** The last socket of a teller going away: its offer goes to another, its call ends, it is away. */
  tellerDisconnected(tellerId: string): void {
    if (this.#stopped) return;
    const presence = this.#tellers.get(tellerId);
    if (!presence) return;
    presence.sockets--;
    if (presence.sockets > 0) return;
    const call = presence.callId ? this.#calls.get(presence.callId) : undefined;
    // In a call, the teller may come back to it; the desk stays until the grace period ends.
    if (!call) return this.#tellerGone(tellerId);
    this.#awaitRejoin(call, tellerKey(tellerId), tellerId, () => {
      // Away first, so the call's end does not make it available for an offer.
      this.#setStatus(presence, 'away', 'disconnected');
      this.endCall(call.callId, 'teller_disconnected');
      this.#tellerGone(tellerId);
    });
  }

  /** A teller with no page left: away, out of routing, its offer to someone else. */
  #tellerGone(tellerId: string): void {
    const presence = this.#tellers.get(tellerId);
    if (!presence || presence.sockets > 0) return;
    this.#setStatus(presence, 'away', 'disconnected');
    this.#tellers.delete(tellerId);
    const withdrawn = this.#engine.removeTeller(tellerId);
    if (withdrawn) this.#offerEnded(withdrawn, 'withdrawn');
    this.#dispatch();
  }

  setTellerStatus(tellerId: string, status: 'available' | 'away'): TellerStateView {
    const presence = this.#presence(tellerId);
    if (presence.callId) throw new AppError('invalid_state', 'finish the call first');
    if (presence.status !== status || presence.awayReason) {
      this.#setStatus(presence, status, status === 'away' ? 'teller' : null);
      if (status === 'available') presence.idleSince = this.clock();
      this.#syncTeller(tellerId);
      this.emit('tellerChanged', tellerId);
      this.#dispatch();
    }
    return this.tellerState(tellerId);
  }

  tellerState(tellerId: string): TellerStateView {
    const presence = this.#presence(tellerId);
    const call = presence.callId ? this.#calls.get(presence.callId) : undefined;
    const offer = this.#engine.offerOfTeller(tellerId);
    const transfer = [...this.#calls.values()].find((c) => c.transfer?.fromTellerId === tellerId)?.transfer;
    return {
      status: call ? 'in_call' : offer ? 'offered' : presence.status,
      awayReason: presence.status === 'away' ? presence.awayReason : null,
      waiting: this.#tickets.size,
      offer: offer ? this.#offerView(offer) : null,
      call: call ? this.#callView(call, tellerKey(tellerId)) : null,
      transfer: transfer ? this.#transferView(transfer) : null,
    };
  }

  /** Ids of connected tellers, for pushing the waiting count. */
  tellerIds(): string[] {
    return [...this.#tellers.keys()];
  }

  declineOffer(tellerId: string, ticketId: string): TellerStateView {
    this.#offeredTo(tellerId, ticketId);
    const offer = this.#engine.decline(tellerId, ticketId, this.clock());
    this.#offerEnded(offer, 'declined');
    this.emit('tellerChanged', tellerId);
    this.#dispatch();
    return this.tellerState(tellerId);
  }

  async acceptOffer(tellerId: string, ticketId: string): Promise<CallView> {
    const presence = this.#presence(tellerId);
    const offer = this.#offeredTo(tellerId, ticketId);
    const routed = this.#engine.accept(tellerId, ticketId);
    this.#offerEnded(offer, 'accepted');
    const call = routed.transfer ? this.#takeOver(presence, routed) : await this.#startCall(presence, routed);
    this.#queueChanged();
    return this.#callView(call, tellerKey(tellerId));
  }

  // ---- calls --------------------------------------------------------------

  /** The call's room if `principal` takes part in it; otherwise forbidden. */
  roomFor(principal: Principal, callId: string): { room: CallRoom; participantKey: string } {
    const call = this.#calls.get(callId);
    if (!call) throw new AppError('not_found', 'no such call in progress');
    const participantKey = this.#participantKey(call, principal);
    if (!participantKey) throw new AppError('forbidden', 'you do not take part in this call');
    return { room: call.room, participantKey };
  }

  /** Who takes part in a call, by participant key, for routing its media events. */
  participantsOf(callId: string): CallParticipant[] {
    const call = this.#calls.get(callId);
    if (!call) return [];
    return [
      { key: CUSTOMER_KEY, role: 'customer', ticketId: call.ticket.id },
      { key: tellerKey(call.tellerId), role: 'teller', tellerId: call.tellerId },
    ];
  }

  hangUp(principal: Principal, callId: string): void {
    this.roomFor(principal, callId);
    this.endCall(callId, principal.kind === 'customer' ? 'customer_hung_up' : 'teller_hung_up');
  }

  /** Ends a call once: closes its media, stores the end, frees the teller. */
  endCall(callId: string, reason: CallEndReason): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    this.#calls.delete(callId);
    const now = this.clock();
    const { db, calls, tickets, events, transfers } = this.store;
    const transfer = call.transfer;
    db.transaction(() => {
      calls.end(callId, now, reason);
      tickets.setStatus(call.ticket.id, 'ended', now);
      if (transfer) transfers.setStatus(transfer.id, 'cancelled', now);
      events.append({
        callId,
        ticketId: call.ticket.id,
        at: now,
        actor: 'system',
        type: 'call.ended',
        data: { reason },
      });
    })();
    if (transfer) this.#withdrawTransfer(call);
    call.room.close();
    this.#estimator.recordHandleTime(call.ticket.serviceId, now - call.startedAt);
    this.#freeTeller(call.tellerId, now);
    this.emit('callEnded', { callId, ticketId: call.ticket.id, tellerId: call.tellerId, reason });
    this.#dispatch();
  }

  /** Ends every call (server shutdown). */
  endAllCalls(reason: CallEndReason): void {
    for (const callId of [...this.#calls.keys()]) this.endCall(callId, reason);
  }

  /**
   * Server shutdown: timers stop, and the sockets' disconnections that follow
   * change nothing, so tellers and customers find their state again after a restart.
   */
  stop(): void {
    this.#stopped = true;
    this.#offerAlarm.cancel();
    this.#abandonTimers.clear();
    this.#rejoinTimers.clear();
  }

  // ---- transfers ----------------------------------------------------------

  /** Colleagues and groups a teller may hand a call to. */
  transferTargets(tellerId: string): TransferTargetsView {
    this.#presence(tellerId);
    const tellers = [...this.#tellers.values()]
      .filter((t) => t.tellerId !== tellerId)
      .map((t) => ({
        tellerId: t.tellerId,
        displayName: t.displayName,
        status: this.tellerState(t.tellerId).status,
      }));
    const groups = SERVICES.flatMap((service) =>
      SERVICE_LANGUAGES.map((language) => ({
        serviceId: service.id,
        language: language.id,
        staffed: [...this.#tellers.values()].filter(
          (t) => t.tellerId !== tellerId && t.skills.has(service.id) && t.languages.has(language.id),
        ).length,
      })),
    );
    return { tellers, groups };
  }

  /** The teller asks to hand its call over; the customer is asked first. */
  requestTransfer(tellerId: string, callId: string, target: TransferTarget, reason: string): TransferView {
    const call = this.#calls.get(callId);
    if (!call || call.tellerId !== tellerId) throw new AppError('forbidden', 'this is not your call');
    if (call.transfer) throw new AppError('invalid_state', 'a transfer of this call is already under way');
    if (target.kind === 'teller') {
      if (target.tellerId === tellerId)
        throw new AppError('invalid_payload', 'you cannot transfer to yourself');
      if (!this.#tellers.has(target.tellerId))
        throw new AppError('invalid_state', 'that teller is not at work');
    }
    const now = this.clock();
    const transfer: TransferRow = {
      id: crypto.randomUUID(),
      callId,
      ticketId: call.ticket.id,
      fromTellerId: tellerId,
      targetTellerId: target.kind === 'teller' ? target.tellerId : null,
      targetServiceId: target.kind === 'group' ? target.serviceId : call.ticket.serviceId,
      targetLanguage: target.kind === 'group' ? target.language : call.ticket.language,
      reason,
      status: 'awaiting_consent',
      requestedAt: now,
    };
    this.store.db.transaction(() => {
      this.store.transfers.insert(transfer);
      this.#callEvent(call, tellerId, 'transfer.requested', { transferId: transfer.id, target, reason });
    })();
    call.transfer = transfer;
    this.emit('transferRequested', call.ticket.id, this.#consentRequest(call, transfer));
    this.emit('tellerChanged', tellerId);
    return this.#transferView(transfer);
  }

  /** The customer agrees (the call goes first in line for its target) or refuses (it stays). */
  respondToTransfer(ticketId: string, callId: string, transferId: string, accept: boolean): void {
    const call = this.#calls.get(callId);
    const transfer = call?.transfer;
    if (!call || call.ticket.id !== ticketId) throw new AppError('forbidden', 'this is not your call');
    if (!transfer || transfer.id !== transferId || transfer.status !== 'awaiting_consent') {
      throw new AppError('invalid_state', 'no transfer is waiting for your answer');
    }
    const now = this.clock();
    transfer.status = accept ? 'waiting' : 'refused';
    this.store.db.transaction(() => {
      this.store.transfers.setStatus(transfer.id, transfer.status, now);
      this.#callEvent(call, 'customer', accept ? 'transfer.consented' : 'transfer.refused', { transferId });
    })();
    if (accept) {
      this.#engine.addTicket({
        ticketId,
        serviceId: transfer.targetServiceId,
        language: transfer.targetLanguage,
        priority: call.ticket.priority,
        joinedAt: call.ticket.joinedAt,
        mandarinFallback: false,
        transfer: {
          fromTellerId: transfer.fromTellerId,
          requestedAt: now,
          ...(transfer.targetTellerId && { tellerId: transfer.targetTellerId }),
        },
      });
      this.#dispatch();
    } else {
      call.transfer = undefined;
    }
    this.emit('tellerChanged', transfer.fromTellerId);
  }

  cancelTransfer(tellerId: string, callId: string): void {
    const call = this.#calls.get(callId);
    if (!call || call.tellerId !== tellerId) throw new AppError('forbidden', 'this is not your call');
    const transfer = call.transfer;
    if (!transfer) throw new AppError('invalid_state', 'no transfer is under way');
    const now = this.clock();
    this.store.db.transaction(() => {
      this.store.transfers.setStatus(transfer.id, 'cancelled', now);
      this.#callEvent(call, tellerId, 'transfer.cancelled', { transferId: transfer.id });
    })();
    this.#withdrawTransfer(call);
    if (transfer.status === 'awaiting_consent') {
      this.emit('transferWithdrawn', call.ticket.id, { callId, transferId: transfer.id });
    }
    this.emit('tellerChanged', tellerId);
    this.#dispatch();
  }

  // ---- supervisor ---------------------------------------------------------

  /** The live picture for the supervisor's board. */
  snapshot(): {
    tickets: (RoutingTicket & { transfer?: unknown })[];
    tellers: (TellerPresence & { state: TellerStateView['status'] })[];
    calls: { callId: string; serviceId: string; teller: string; customer: string; startedAt: number }[];
  } {
    return {
      tickets: [...this.#engine.tickets()].filter((t) => !t.transfer),
      tellers: [...this.#tellers.values()].map((t) => ({ ...t, state: this.tellerState(t.tellerId).status })),
      calls: [...this.#calls.values()].map((c) => ({
        callId: c.callId,
        serviceId: c.ticket.serviceId,
        teller: this.#tellers.get(c.tellerId)?.displayName ?? '',
        customer: c.ticket.fullName,
        startedAt: c.startedAt,
      })),
    };
  }

  // ---- internals: line and offers -------------------------------------------

  #enqueue(ticket: Ticket): void {
    this.#tickets.set(ticket.id, ticket);
    this.#engine.addTicket({
      ticketId: ticket.id,
      serviceId: ticket.serviceId,
      language: ticket.language,
      priority: ticket.priority,
      joinedAt: ticket.joinedAt,
      mandarinFallback: ticket.mandarinFallback,
    });
  }

  #leave(ticketId: string, reason: 'customer' | 'abandoned'): void {
    const ticket = this.#tickets.get(ticketId);
    if (!ticket || !this.#engine.has(ticketId) || this.#callOfTicket(ticketId)) {
      throw new AppError('invalid_state', 'the ticket is not waiting');
    }
    const now = this.clock();
    const withdrawn = this.#engine.removeTicket(ticketId);
    this.#tickets.delete(ticketId);
    this.#abandonTimers.cancel(ticketId);
    this.store.db.transaction(() => {
      this.store.tickets.markLeft(ticketId, now, reason);
      this.store.events.append({
        callId: null,
        ticketId,
        at: now,
        actor: reason === 'customer' ? 'customer' : 'system',
        type: reason === 'customer' ? 'queue.left' : 'queue.abandoned',
      });
    })();
    if (withdrawn) {
      this.#offerEnded(withdrawn, 'withdrawn');
      this.emit('tellerChanged', withdrawn.tellerId);
    }
    if (reason === 'abandoned') this.emit('abandoned');
    this.#queueChanged();
  }

  #startAbandonTimer(ticketId: string): void {
    if (this.#stopped) return;
    this.#abandonTimers.start(ticketId, this.queue.abandonGraceMs, () => {
      if (this.#engine.has(ticketId) && !this.#customerSockets.has(ticketId))
        this.#leave(ticketId, 'abandoned');
    });
  }

  /**
   * A side of a call lost its last page. Its media goes at once (a returning
   * page builds new media); the call waits for it for the rejoin grace period.
   */
  #awaitRejoin(call: ActiveCall, participantKey: string, actor: string, onGone: () => void): void {
    call.room.closeParticipant(participantKey);
    this.#callEvent(call, actor, 'call.participant.left', { participant: participantKey });
    this.emit('peerConnection', call.callId, participantKey, false);
    this.#rejoinTimers.start(`${call.callId}/${participantKey}`, this.queue.rejoinGraceMs, onGone);
  }

  /** A page of a call's side connected: whatever media an earlier page of it left is dropped. */
  #rejoined(call: ActiveCall, participantKey: string, actor: string): void {
    call.room.closeParticipant(participantKey);
    if (!this.#rejoinTimers.cancel(`${call.callId}/${participantKey}`)) return;
    this.#callEvent(call, actor, 'call.participant.rejoined', { participant: participantKey });
    this.emit('peerConnection', call.callId, participantKey, true);
  }

  #queueChanged(): void {
    this.#dispatch();
    this.emit('queueChanged');
  }

  /** Makes the offers the rules allow now, stores them and arms the expiry alarm. */
  #dispatch(): void {
    const now = this.clock();
    const made = this.#engine.dispatch(now);
    for (const offer of made) {
      const transferId =
        this.#calls.get(this.#callOfTicket(offer.ticketId)?.callId ?? '')?.transfer?.id ?? null;
      this.store.offers.insert({ ...offer, transferId });
      if (!transferId) this.store.tickets.setStatus(offer.ticketId, 'offered');
      this.emit('tellerChanged', offer.tellerId);
    }
    if (!this.#stopped) this.#offerAlarm.at(this.#engine.nextExpiry(), now);
  }

  /** Unanswered offers: the teller is not at the desk; the customer goes to the next teller. */
  #expireOffers(): void {
    const now = this.clock();
    for (const offer of this.#engine.expire(now)) {
      this.#offerEnded(offer, 'expired');
      const presence = this.#tellers.get(offer.tellerId);
      if (presence) this.#setStatus(presence, 'away', 'missed_offer');
      this.emit('offerExpired');
      this.emit('tellerChanged', offer.tellerId);
    }
    this.#dispatch();
  }

  #offerEnded(offer: Offer, outcome: 'accepted' | 'declined' | 'expired' | 'withdrawn'): void {
    const now = this.clock();
    this.store.offers.resolve(offer.ticketId, offer.tellerId, outcome, now);
    if (outcome !== 'accepted' && this.#tickets.has(offer.ticketId) && !this.#callOfTicket(offer.ticketId)) {
      this.store.tickets.setStatus(offer.ticketId, 'waiting');
    }
  }

  #offeredTo(tellerId: string, ticketId: string): Offer {
    this.#presence(tellerId);
    const offer = this.#engine.offerOfTeller(tellerId);
    if (!offer || offer.ticketId !== ticketId) {
      throw new AppError('invalid_state', 'this customer is not offered to you');
    }
    return offer;
  }

  // ---- internals: tellers -------------------------------------------------

  /** Tells the engine what it needs of a teller's presence. */
  #syncTeller(tellerId: string): void {
    const p = this.#tellers.get(tellerId)!;
    const teller: RoutingTeller = {
      tellerId,
      skills: p.skills,
      languages: p.languages,
      available: p.status === 'available' && !p.callId,
      idleSince: p.idleSince,
    };
    const withdrawn = this.#engine.setTeller(teller);
    if (withdrawn) this.#offerEnded(withdrawn, 'withdrawn');
  }

  #setStatus(presence: TellerPresence, status: 'available' | 'away', reason: string | null): void {
    const now = this.clock();
    presence.status = status;
    presence.awayReason = status === 'away' ? reason : null;
    presence.since = now;
    this.store.tellers.setStatus(presence.tellerId, status, reason ?? 'teller', now);
  }

  #freeTeller(tellerId: string, now: number): void {
    const presence = this.#tellers.get(tellerId);
    if (!presence) return;
    presence.callId = undefined;
    presence.idleSince = now;
    presence.since = now;
    this.#syncTeller(tellerId);
    this.emit('tellerChanged', tellerId);
  }

  #staffingFor(ticket: RoutingTicket): { staffed: number; free: number } {
    const now = this.clock();
    let staffed = 0;
    let free = 0;
    for (const p of this.#tellers.values()) {
      if (p.status !== 'available') continue;
      const teller = this.#engine.teller(p.tellerId);
      if (!teller || !canServe(teller, ticket, this.#engine.policy, now)) continue;
      staffed++;
      if (teller.available && !this.#engine.offerOfTeller(p.tellerId)) free++;
    }
    return { staffed, free };
  }

  #presence(tellerId: string): TellerPresence {
    const presence = this.#tellers.get(tellerId);
    if (!presence) throw new AppError('invalid_state', 'the teller is not connected');
    return presence;
  }

  // ---- internals: calls ---------------------------------------------------

  async #startCall(presence: TellerPresence, routed: RoutingTicket): Promise<ActiveCall> {
    const ticket = this.#tickets.get(routed.ticketId)!;
    const callId = crypto.randomUUID();
    presence.callId = callId;
    let room: CallRoom;
    try {
      room = await this.rooms.open(callId);
    } catch (error) {
      // Without media there is no call: the customer keeps its place, the teller steps away.
      presence.callId = undefined;
      this.#engine.addTicket(routed);
      this.store.tickets.setStatus(ticket.id, 'waiting');
      this.#setStatus(presence, 'away', 'media_error');
      this.#syncTeller(presence.tellerId);
      this.emit('tellerChanged', presence.tellerId);
      this.#dispatch();
      throw new AppError('media_error', `could not open the call's media: ${(error as Error).message}`);
    }
    const now = this.clock();
    this.#tickets.delete(ticket.id);
    const active: ActiveCall = {
      callId,
      ticket: { ...ticket, status: 'in_call', answeredAt: now },
      tellerId: presence.tellerId,
      startedAt: now,
      room,
      transfer: undefined,
    };
    this.store.db.transaction(() => {
      this.store.calls.insert(
        {
          id: callId,
          ticketId: ticket.id,
          serviceId: ticket.serviceId,
          startedAt: now,
          endedAt: null,
          endReason: null,
        },
        presence.tellerId,
      );
      this.store.tickets.markAnswered(ticket.id, now);
      this.#callEvent(active, presence.tellerId, 'call.started', { tellerId: presence.tellerId });
    })();
    this.#abandonTimers.cancel(ticket.id);
    this.#calls.set(callId, active);
    presence.since = now;
    // A worker dying takes the router with it; the call cannot go on.
    room.once('closed', () => this.endCall(callId, 'media_failure'));
    this.emit('answered', now - ticket.joinedAt);
    this.emit('callStarted', this.#callView(active, CUSTOMER_KEY), room);
    this.emit('tellerChanged', presence.tellerId);
    return active;
  }

  /** A colleague takes over a call: same router, same customer media; the previous teller leaves it. */
  #takeOver(presence: TellerPresence, routed: RoutingTicket): ActiveCall {
    const call = this.#callOfTicket(routed.ticketId)!;
    const transfer = call.transfer!;
    const fromTellerId = call.tellerId;
    const now = this.clock();
    this.store.db.transaction(() => {
      this.store.calls.addTeller(call.callId, presence.tellerId, now);
      this.store.calls.tellerLeft(call.callId, fromTellerId, now);
      this.store.transfers.setStatus(transfer.id, 'accepted', now);
      this.#callEvent(call, presence.tellerId, 'transfer.completed', {
        transferId: transfer.id,
        fromTellerId,
        toTellerId: presence.tellerId,
      });
    })();
    call.transfer = undefined;
    call.tellerId = presence.tellerId;
    presence.callId = call.callId;
    presence.since = now;
    // After the switch, so the customer hears of the old teller's producers closing.
    call.room.closeParticipant(tellerKey(fromTellerId));
    this.#freeTeller(fromTellerId, now);
    this.emit('callHandedOver', {
      callId: call.callId,
      ticketId: call.ticket.id,
      fromTellerId,
      toDisplayName: presence.displayName,
    });
    this.emit('tellerChanged', presence.tellerId);
    this.#dispatch();
    return call;
  }

  /** Takes a hand-over out of line (cancelled, or its call ended). */
  #withdrawTransfer(call: ActiveCall): void {
    call.transfer = undefined;
    const withdrawn = this.#engine.removeTicket(call.ticket.id);
    if (withdrawn) {
      this.#offerEnded(withdrawn, 'withdrawn');
      this.emit('tellerChanged', withdrawn.tellerId);
    }
  }

  #callEvent(call: ActiveCall, actor: string, type: string, data: Record<string, unknown>): void {
    this.store.events.append({
      callId: call.callId,
      ticketId: call.ticket.id,
      at: this.clock(),
      actor,
      type,
      data,
    });
  }

  #callOfTicket(ticketId: string): ActiveCall | undefined {
    for (const call of this.#calls.values()) if (call.ticket.id === ticketId) return call;
    return undefined;
  }

  #participantKey(call: ActiveCall, principal: Principal): string | undefined {
    if (principal.kind === 'customer')
      return principal.ticketId === call.ticket.id ? CUSTOMER_KEY : undefined;
    return principal.user.id === call.tellerId ? tellerKey(principal.user.id) : undefined;
  }

  /** One ticket's place and estimate, without working out everyone else's. */
  #positionOf(ticketId: string): QueuePositionUpdate | undefined {
    const ticket = this.#engine.ticket(ticketId);
    const position = this.#engine.position(ticketId);
    if (!ticket || ticket.transfer || position === undefined) return undefined;
    return this.#positionUpdate(ticket, position, this.#staffingFor(ticket));
  }

  #positionUpdate(
    ticket: RoutingTicket,
    position: number,
    group: { staffed: number; free: number },
  ): QueuePositionUpdate {
    return {
      ticketId: ticket.ticketId,
      position,
      waiting: this.#tickets.size,
      estimatedWaitMs: this.#estimator.estimateMs({
        serviceId: ticket.serviceId,
        position,
        staffedTellers: group.staffed,
        freeTellers: group.free,
      }),
    };
  }

  // ---- internals: views ---------------------------------------------------

  #offerView(offer: Offer): OfferView | null {
    const routed = this.#engine.ticket(offer.ticketId);
    const call = this.#callOfTicket(offer.ticketId);
    const ticket = call?.ticket ?? this.#tickets.get(offer.ticketId);
    if (!routed || !ticket) return null;
    return {
      ticketId: offer.ticketId,
      fullName: ticket.fullName,
      serviceId: routed.serviceId,
      language: routed.language,
      priority: ticket.priority,
      waitedMs: this.clock() - ticket.joinedAt,
      expiresAt: offer.expiresAt,
      expiresInMs: Math.max(0, offer.expiresAt - this.clock()),
      transfer:
        call?.transfer && routed.transfer
          ? { fromTeller: this.#tellers.get(call.tellerId)?.displayName ?? '', reason: call.transfer.reason }
          : null,
    };
  }

  #transferView(transfer: TransferRow): TransferView {
    const service = SERVICES.find((s) => s.id === transfer.targetServiceId);
    const language = SERVICE_LANGUAGES.find((l) => l.id === transfer.targetLanguage);
    const targetLabel = transfer.targetTellerId
      ? (this.#tellers.get(transfer.targetTellerId)?.displayName ?? transfer.targetTellerId)
      : `${service?.names.en ?? transfer.targetServiceId} · ${language?.names.en ?? transfer.targetLanguage}`;
    return {
      transferId: transfer.id,
      status:
        transfer.status === 'waiting'
          ? 'waiting'
          : transfer.status === 'refused'
            ? 'refused'
            : 'awaiting_consent',
      targetLabel,
    };
  }

  #consentRequest(call: ActiveCall, transfer: TransferRow): TransferConsentRequest {
    const targetTeller = transfer.targetTellerId ? this.#tellers.get(transfer.targetTellerId) : undefined;
    return {
      callId: call.callId,
      transferId: transfer.id,
      reason: transfer.reason,
      target: transfer.targetTellerId
        ? { kind: 'teller', displayName: targetTeller?.displayName ?? '' }
        : { kind: 'group', serviceId: transfer.targetServiceId, language: transfer.targetLanguage },
      targetLabel: this.#transferView(transfer).targetLabel,
    };
  }

  #callView(call: ActiveCall, forKey: string): CallView {
    return {
      callId: call.callId,
      ticketId: call.ticket.id,
      serviceId: call.ticket.serviceId,
      language: call.ticket.language,
      customer: { fullName: call.ticket.fullName, idNumberMasked: maskIdNumber(call.ticket.idNumber) },
      teller: { displayName: this.#tellers.get(call.tellerId)?.displayName ?? '' },
      producers: call.room.closed ? [] : call.room.producersFor(forKey),
      routerRtpCapabilities: call.room.rtpCapabilities,
    };
  }
}
