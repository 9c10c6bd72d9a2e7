import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { StaffUser } from '../../shared/contracts/auth.js';
import type {
  CallEndReason,
  CallView,
  OfferView,
  TellerStateView,
} from '../../shared/contracts/socket-events.js';
import type { CreateTicketRequest, TicketView } from '../../shared/contracts/ticket.js';
import { createTicketRequestSchema } from '../../shared/contracts/ticket.js';
import { toFieldIssues } from '../../shared/contracts/errors.js';
import { maskIdNumber, validateResidentId } from '../../shared/domain/resident-id.js';
import { FifoQueue } from '../domain/fifo-queue.js';
import { pickLongestIdle } from '../domain/teller-pick.js';
import { AppError } from '../errors.js';
import type { CallRoom } from '../media/call-room.js';
import type { CallRooms } from '../media/call-rooms.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { Db } from '../store/database.js';
import type { EventsRepo } from '../store/events-repo.js';
import type { Ticket, TicketsRepo } from '../store/tickets-repo.js';

/** Who is behind a socket or request. */
export type Principal = { kind: 'customer'; ticketId: string } | { kind: 'staff'; user: StaffUser };

interface TellerPresence {
  tellerId: string;
  displayName: string;
  status: 'available' | 'away';
  idleSince: number;
  sockets: number;
  offerTicketId: string | undefined;
  callId: string | undefined;
}

interface ActiveCall {
  callId: string;
  ticket: Ticket;
  tellerId: string;
  startedAt: number;
  room: CallRoom;
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
};

/** The participant key of a call's customer or teller inside its media room. */
export const CUSTOMER_KEY = 'customer';
export const tellerKey = (tellerId: string): string => `teller:${tellerId}`;

/** Version of the recording notice the customer consented to; stored with the consent. */
export const RECORDING_NOTICE_VERSION = '2026-11-1';

/**
 * The counter: tickets waiting in line, tellers' presence, offers and calls.
 * It owns the rules and the persistence of each change; sockets and HTTP only
 * translate to and from it.
 */
export class CounterService extends EventEmitter<CounterEvents> {
  readonly #queue = new FifoQueue<Ticket & { ticketId: string }>();
  readonly #tellers = new Map<string, TellerPresence>();
  readonly #calls = new Map<string, ActiveCall>();

  constructor(
    private readonly db: Db,
    private readonly tickets: TicketsRepo,
    private readonly calls: CallsRepo,
    private readonly events: EventsRepo,
    private readonly rooms: CallRooms,
    private readonly clock: () => number = Date.now,
  ) {
    super();
  }

  /** Puts waiting tickets back in line and closes calls a previous process left open. */
  restore(): { requeued: number; interruptedCalls: number } {
    const now = this.clock();
    const open = this.calls.listOpen();
    this.db.transaction(() => {
      for (const call of open) {
        this.calls.end(call.id, now, 'server_shutdown');
        this.tickets.setStatus(call.ticketId, 'ended', now);
        this.events.append({
          callId: call.id,
          ticketId: call.ticketId,
          at: now,
          actor: 'system',
          type: 'call.ended',
          data: { reason: 'server_shutdown' },
        });
      }
    })();
    const queued = this.tickets.listQueued();
    for (const ticket of queued) {
      // An offer does not survive a restart: the teller's page has gone too.
      if (ticket.status === 'offered') this.tickets.setStatus(ticket.id, 'waiting');
      this.#queue.add({ ...ticket, status: 'waiting', ticketId: ticket.id });
    }
    return { requeued: queued.length, interruptedCalls: open.length };
  }

  // ---- customers ----------------------------------------------------------

  /** Validates the join form, stores the ticket and its recording consent, queues it. */
  createTicket(input: unknown): Ticket {
    const parsed = createTicketRequestSchema.safeParse(input);
    if (!parsed.success) {
      throw new AppError('invalid_payload', 'the join form has invalid fields', toFieldIssues(parsed.error));
    }
    const request = parsed.data;
    const now = this.clock();
    const ticket: Ticket = {
      id: crypto.randomUUID(),
      fullName: request.fullName,
      idType: request.idType,
      idNumber: request.idNumber.toUpperCase(),
      birthDate: birthDateOf(request),
      phone: request.phone,
      serviceId: request.serviceId,
      language: request.language,
      uiLocale: request.uiLocale,
      status: 'waiting',
      joinedAt: now,
      consentAt: now,
      closedAt: null,
    };
    this.db.transaction(() => {
      this.tickets.insert(ticket);
      this.events.append({
        callId: null,
        ticketId: ticket.id,
        at: now,
        actor: 'customer',
        type: 'consent.recording',
        data: { notice: RECORDING_NOTICE_VERSION },
      });
      this.events.append({
        callId: null,
        ticketId: ticket.id,
        at: now,
        actor: 'customer',
        type: 'queue.joined',
        data: { serviceId: ticket.serviceId, language: ticket.language },
      });
    })();
    this.#queue.add({ ...ticket, ticketId: ticket.id });
    this.emit('queueChanged');
    this.#dispatch();
    return ticket;
  }

  ticketView(ticketId: string): TicketView {
    const ticket = this.tickets.find(ticketId);
    if (!ticket) throw new AppError('not_found', 'no such ticket');
    const call = this.#callOfTicket(ticketId);
    return {
      ticketId,
      serviceId: ticket.serviceId,
      language: ticket.language,
      status: call ? 'in_call' : ticket.status === 'offered' ? 'waiting' : ticket.status,
      position: this.#queue.position(ticketId) ?? null,
      callId: call?.callId ?? null,
    };
  }

  /** The call a ticket is in, for a customer page that (re)connects. */
  callOfTicket(ticketId: string): CallView | null {
    const call = this.#callOfTicket(ticketId);
    return call ? this.#callView(call, CUSTOMER_KEY) : null;
  }

  leaveQueue(ticketId: string): void {
    const ticket = this.tickets.find(ticketId);
    if (!ticket || !this.#queue.has(ticketId))
      throw new AppError('invalid_state', 'the ticket is not waiting');
    const now = this.clock();
    this.#queue.remove(ticketId);
    this.db.transaction(() => {
      this.tickets.setStatus(ticketId, 'left', now);
      this.events.append({ callId: null, ticketId, at: now, actor: 'customer', type: 'queue.left' });
    })();
    this.#withdrawOfferOf(ticketId);
    this.emit('queueChanged');
  }

  /** Waiting tickets with their places, for pushing positions. */
  queuePositions(): { ticketId: string; position: number }[] {
    return this.#queue.list().map((t, i) => ({ ticketId: t.ticketId, position: i + 1 }));
  }

  get waitingCount(): number {
    return this.#queue.size;
  }

  get callsInProgress(): number {
    return this.#calls.size;
  }

  // ---- tellers ------------------------------------------------------------

  tellerConnected(user: StaffUser): void {
    const presence = this.#tellers.get(user.id);
    if (presence) presence.sockets++;
    else {
      this.#tellers.set(user.id, {
        tellerId: user.id,
        displayName: user.displayName,
        status: 'away',
        idleSince: this.clock(),
        sockets: 1,
        offerTicketId: undefined,
        callId: undefined,
      });
    }
  }

  /** The last socket of a teller going away withdraws its offer and ends its call. */
  tellerDisconnected(tellerId: string): void {
    const presence = this.#tellers.get(tellerId);
    if (!presence) return;
    presence.sockets--;
    if (presence.sockets > 0) return;
    presence.status = 'away';
    if (presence.callId) this.endCall(presence.callId, 'teller_disconnected');
    if (presence.offerTicketId) this.#withdrawOffer(presence);
    this.#tellers.delete(tellerId);
    this.#dispatch();
  }

  setTellerStatus(tellerId: string, status: 'available' | 'away'): TellerStateView {
    const presence = this.#presence(tellerId);
    if (presence.callId) throw new AppError('invalid_state', 'finish the call first');
    if (presence.status !== status) {
      presence.status = status;
      if (status === 'available') presence.idleSince = this.clock();
      else if (presence.offerTicketId) this.#withdrawOffer(presence);
      this.emit('tellerChanged', tellerId);
      this.#dispatch();
    }
    return this.tellerState(tellerId);
  }

  tellerState(tellerId: string): TellerStateView {
    const presence = this.#presence(tellerId);
    const call = presence.callId ? this.#calls.get(presence.callId) : undefined;
    return {
      status: call ? 'in_call' : presence.offerTicketId ? 'offered' : presence.status,
      waiting: this.#queue.size,
      offer: presence.offerTicketId ? this.#offerView(presence.offerTicketId) : null,
      call: call ? this.#callView(call, tellerKey(tellerId)) : null,
    };
  }

  /** Ids of connected tellers, for pushing the waiting count. */
  tellerIds(): string[] {
    return [...this.#tellers.keys()];
  }

  async acceptOffer(tellerId: string, ticketId: string): Promise<CallView> {
    const presence = this.#presence(tellerId);
    if (presence.offerTicketId !== ticketId)
      throw new AppError('invalid_state', 'this customer is not offered to you');
    const queued = this.#queue.remove(ticketId);
    if (!queued) throw new AppError('invalid_state', 'the customer is no longer waiting');
    presence.offerTicketId = undefined;
    const callId = crypto.randomUUID();
    let room: CallRoom;
    try {
      room = await this.rooms.open(callId);
    } catch (error) {
      // Without media there is no call: the customer keeps its place.
      this.#queue.add(queued);
      this.tickets.setStatus(ticketId, 'waiting');
      presence.status = 'away';
      this.emit('tellerChanged', tellerId);
      this.#dispatch();
      throw new AppError('media_error', `could not open the call's media: ${(error as Error).message}`);
    }
    const now = this.clock();
    const ticket: Ticket = { ...queued, status: 'in_call' };
    this.db.transaction(() => {
      this.calls.insert(
        { id: callId, ticketId, serviceId: ticket.serviceId, startedAt: now, endedAt: null, endReason: null },
        tellerId,
      );
      this.tickets.setStatus(ticketId, 'in_call');
      this.events.append({
        callId,
        ticketId,
        at: now,
        actor: tellerId,
        type: 'call.started',
        data: { tellerId },
      });
    })();
    const call: ActiveCall = { callId, ticket, tellerId, startedAt: now, room };
    this.#calls.set(callId, call);
    presence.callId = callId;
    // A worker dying takes the router with it; the call cannot go on.
    room.once('closed', () => this.endCall(callId, 'media_failure'));
    this.emit('callStarted', this.#callView(call, CUSTOMER_KEY), room);
    this.emit('tellerChanged', tellerId);
    this.emit('queueChanged');
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

  customerDisconnected(ticketId: string): void {
    const call = this.#callOfTicket(ticketId);
    if (call) this.endCall(call.callId, 'customer_disconnected');
  }

  /** Ends a call once: closes its media, stores the end, frees the teller. */
  endCall(callId: string, reason: CallEndReason): void {
    const call = this.#calls.get(callId);
    if (!call) return;
    this.#calls.delete(callId);
    const now = this.clock();
    this.db.transaction(() => {
      this.calls.end(callId, now, reason);
      this.tickets.setStatus(call.ticket.id, 'ended', now);
      this.events.append({
        callId,
        ticketId: call.ticket.id,
        at: now,
        actor: 'system',
        type: 'call.ended',
        data: { reason },
      });
    })();
    call.room.close();
    const presence = this.#tellers.get(call.tellerId);
    if (presence) {
      presence.callId = undefined;
      presence.idleSince = now;
    }
    this.emit('callEnded', { callId, ticketId: call.ticket.id, tellerId: call.tellerId, reason });
    if (presence) this.emit('tellerChanged', call.tellerId);
    this.#dispatch();
  }

  /** Ends every call (server shutdown). */
  endAllCalls(reason: CallEndReason): void {
    for (const callId of [...this.#calls.keys()]) this.endCall(callId, reason);
  }

  // ---- internals ----------------------------------------------------------

  /** Offers the first unoffered ticket to the longest-idle free teller, while both exist. */
  #dispatch(): void {
    for (;;) {
      const offered = new Set([...this.#tellers.values()].map((t) => t.offerTicketId).filter(Boolean));
      const ticket = this.#queue.first((t) => !offered.has(t.ticketId));
      if (!ticket) return;
      const teller = pickLongestIdle(
        [...this.#tellers.values()].map((t) => ({
          ...t,
          free: t.status === 'available' && !t.offerTicketId && !t.callId,
        })),
      );
      if (!teller) return;
      const presence = this.#tellers.get(teller.tellerId)!;
      presence.offerTicketId = ticket.ticketId;
      this.tickets.setStatus(ticket.ticketId, 'offered');
      this.emit('tellerChanged', presence.tellerId);
    }
  }

  #withdrawOffer(presence: TellerPresence): void {
    const ticketId = presence.offerTicketId;
    presence.offerTicketId = undefined;
    if (ticketId && this.#queue.has(ticketId)) this.tickets.setStatus(ticketId, 'waiting');
    this.emit('tellerChanged', presence.tellerId);
  }

  #withdrawOfferOf(ticketId: string): void {
    for (const presence of this.#tellers.values()) {
      if (presence.offerTicketId === ticketId) {
        presence.offerTicketId = undefined;
        this.emit('tellerChanged', presence.tellerId);
      }
    }
    this.#dispatch();
  }

  #presence(tellerId: string): TellerPresence {
    const presence = this.#tellers.get(tellerId);
    if (!presence) throw new AppError('invalid_state', 'the teller is not connected');
    return presence;
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

  #offerView(ticketId: string): OfferView | null {
    const ticket = this.#queue.list().find((t) => t.ticketId === ticketId);
    if (!ticket) return null;
    return {
      ticketId,
      fullName: ticket.fullName,
      serviceId: ticket.serviceId,
      language: ticket.language,
      waitedMs: this.clock() - ticket.joinedAt,
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

function birthDateOf(request: CreateTicketRequest): string | null {
  if (request.idType !== 'cn-resident') return null;
  const result = validateResidentId(request.idNumber);
  return result.valid ? result.birthDate : null;
}
