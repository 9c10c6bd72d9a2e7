import type { CallView } from '../../shared/contracts/socket-events.js';
import { maskName } from '../../shared/domain/person-name.js';
import { maskIdNumber } from '../../shared/domain/resident-id.js';
import { requireCallPermission, type CallPermission, type Principal } from '../identity/index.js';
import type { CallRoom } from '../platform/media/call-room.js';
import { AppError } from '../platform/errors.js';
import type { ActiveCall } from './active-call.js';
import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { SupervisorBoard } from '../../shared/contracts/supervisor.js';
import { CUSTOMER_KEY, monitorKey, sideOfKey, tellerKey, type CallParticipant } from './participants.js';
import type { TransferRow } from './transfer-store.js';

/**
 * A call in progress as the supervisor's board lists it: the customer masked as on the auditor's
 * page (the board watches the queue, not the customer), and this node, which holds it.
 */
export type CallSummary = SupervisorBoard['now']['calls'][number];

/** A supervisor monitoring a call in progress, and how. */
export interface CallMonitor {
  supervisorId: string;
  displayName: string;
  mode: MonitorMode;
  /** Its participant key in the call's room (one per mode). */
  key: string;
}

/**
 * The calls in progress, found by call, ticket or teller, and who takes part
 * in each: the one answer to "may this principal touch this call's media?".
 */
export class CallRegistry {
  readonly #calls = new Map<string, ActiveCall>();
  readonly #byTicket = new Map<string, ActiveCall>();
  readonly #byTeller = new Map<string, ActiveCall>();
  /** Per call, the supervisors monitoring it, by supervisor id. */
  readonly #monitors = new Map<string, Map<string, CallMonitor>>();

  /** `nodeId`: this node, which holds every call listed here (pages elsewhere reconnect to it). */
  constructor(readonly nodeId: string) {}

  get count(): number {
    return this.#calls.size;
  }

  get(callId: string): ActiveCall | undefined {
    return this.#calls.get(callId);
  }

  ofTicket(ticketId: string): ActiveCall | undefined {
    return this.#byTicket.get(ticketId);
  }

  ofTeller(tellerId: string): ActiveCall | undefined {
    return this.#byTeller.get(tellerId);
  }

  /** The hand-over a teller asked for and that is still under way. */
  transferFrom(tellerId: string): TransferRow | undefined {
    const transfer = this.#byTeller.get(tellerId)?.transfer;
    return transfer?.fromTellerId === tellerId ? transfer : undefined;
  }

  add(call: ActiveCall): void {
    this.#calls.set(call.callId, call);
    this.#byTicket.set(call.ticket.id, call);
    this.#byTeller.set(call.tellerId, call);
  }

  remove(callId: string): ActiveCall | undefined {
    const call = this.#calls.get(callId);
    if (!call) return undefined;
    this.#calls.delete(callId);
    this.#monitors.delete(callId);
    this.#byTicket.delete(call.ticket.id);
    if (this.#byTeller.get(call.tellerId) === call) this.#byTeller.delete(call.tellerId);
    return call;
  }

  /** The call has a new teller; the previous one is out of it. */
  handOver(call: ActiveCall, tellerId: string, tellerName: string): void {
    if (this.#byTeller.get(call.tellerId) === call) this.#byTeller.delete(call.tellerId);
    call.tellerId = tellerId;
    call.tellerName = tellerName;
    this.#byTeller.set(tellerId, call);
  }

  ids(): string[] {
    return [...this.#calls.keys()];
  }

  /**
   * The call's room if `principal` holds `permission` in it (taking part, unless
   * a narrower one is named: sharing a screen); otherwise forbidden.
   */
  roomFor(
    principal: Principal,
    callId: string,
    permission: CallPermission = 'call.take_part',
  ): { room: CallRoom; participantKey: string } {
    const call = this.#calls.get(callId);
    if (!call) throw new AppError('not_found', 'no such call in progress');
    // Whether this principal takes part, the policy says; which side it is, the call knows.
    requireCallPermission(principal, permission, {
      ticketId: call.ticket.id,
      tellerIds: [call.tellerId],
    });
    return { room: call.room, participantKey: this.#participantKey(principal) };
  }

  /**
   * The call's room if `principal` may send or receive its media: a side of the
   * call, or a supervisor monitoring it (as its mode's participant).
   */
  mediaRoomFor(principal: Principal, callId: string): { room: CallRoom; participantKey: string } {
    const call = this.#calls.get(callId);
    if (!call) throw new AppError('not_found', 'no such call in progress');
    const monitors = this.#monitors.get(callId);
    requireCallPermission(principal, 'call.media', {
      ticketId: call.ticket.id,
      tellerIds: [call.tellerId],
      supervisorIds: [...(monitors?.keys() ?? [])],
    });
    const monitor = principal.kind === 'staff' ? monitors?.get(principal.user.id) : undefined;
    return { room: call.room, participantKey: monitor?.key ?? this.#participantKey(principal) };
  }

  /** The supervisors monitoring a call. */
  monitorsOf(callId: string): CallMonitor[] {
    return [...(this.#monitors.get(callId)?.values() ?? [])];
  }

  /** The call a supervisor monitors now, if any (one at a time). */
  monitoredBy(supervisorId: string): { call: ActiveCall; monitor: CallMonitor } | undefined {
    for (const [callId, monitors] of this.#monitors) {
      const monitor = monitors.get(supervisorId);
      const call = this.#calls.get(callId);
      if (monitor && call) return { call, monitor };
    }
    return undefined;
  }

  /** The supervisor monitors the call in this mode now (replacing its previous one). */
  setMonitor(callId: string, monitor: Omit<CallMonitor, 'key'>): CallMonitor {
    const entry = { ...monitor, key: monitorKey(monitor.mode, monitor.supervisorId) };
    let monitors = this.#monitors.get(callId);
    if (!monitors) this.#monitors.set(callId, (monitors = new Map()));
    monitors.set(monitor.supervisorId, entry);
    return entry;
  }

  dropMonitor(callId: string, supervisorId: string): void {
    const monitors = this.#monitors.get(callId);
    monitors?.delete(supervisorId);
    if (monitors?.size === 0) this.#monitors.delete(callId);
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

  /** The call a ticket is in, for a customer page that (re)connects. */
  viewOfTicket(ticketId: string): CallView | null {
    const call = this.#byTicket.get(ticketId);
    return call ? this.view(call, CUSTOMER_KEY) : null;
  }

  /** The call as the participant `forKey` sees it: the others' media to consume. */
  view(call: ActiveCall, forKey: string): CallView {
    return {
      callId: call.callId,
      ticketId: call.ticket.id,
      serviceId: call.ticket.serviceId,
      language: call.ticket.language,
      customer: { fullName: call.ticket.fullName, idNumberMasked: maskIdNumber(call.ticket.idNumber) },
      teller: { displayName: call.tellerName },
      producers: call.room.closed
        ? []
        : call.room.producersFor(forKey).map(({ owner, ...p }) => ({ ...p, side: sideOfKey(owner) })),
      routerRtpCapabilities: call.room.rtpCapabilities,
      nodeId: this.nodeId,
    };
  }

  summaries(): CallSummary[] {
    return [...this.#calls.values()].map((c) => ({
      callId: c.callId,
      serviceId: c.ticket.serviceId,
      teller: c.tellerName,
      customer: maskName(c.ticket.fullName),
      startedAt: c.startedAt,
      nodeId: this.nodeId,
    }));
  }

  #participantKey(principal: Principal): string {
    return principal.kind === 'customer' ? CUSTOMER_KEY : tellerKey(principal.user.id);
  }
}
