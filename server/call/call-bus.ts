import { EventEmitter } from 'node:events';
import type {
  CallEndReason,
  CallView,
  TransferConsentRequest,
} from '../../shared/contracts/socket-events.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { ActiveCall, CallTicket } from './active-call.js';
import type { CallMonitor } from './call-registry.js';
import type { TransferRow } from './transfer-store.js';

/** A call ended: said once, with its one reason, to everyone who cares. */
export interface CallEnded {
  callId: string;
  ticketId: string;
  serviceId: string;
  /** The teller serving the call when it ended. */
  tellerId: string;
  reason: CallEndReason;
  startedAt: number;
  endedAt: number;
  /** The hand-over under way when the call ended, cancelled with it. */
  transferId: string | null;
}

/** A colleague took the call over; the previous teller is out of it. */
export interface CallHandedOver {
  callId: string;
  ticketId: string;
  fromTellerId: string;
  toTellerId: string;
  toDisplayName: string;
  at: number;
}

/** The teller called its hand-over off before it happened. */
export interface TransferWithdrawn {
  callId: string;
  ticketId: string;
  transferId: string;
  fromTellerId: string;
  /** The customer was still being asked: its page shows the question and must drop it. */
  awaitingConsent: boolean;
}

type CallBusEvents = {
  callStarted: [call: CallView, room: CallRoom];
  /** A call whose node was lost goes on here, on a new router (`room`); its sides are not back yet. */
  callResumed: [call: CallView, room: CallRoom];
  callEnded: [ended: CallEnded];
  /** This node drains and another node (`toNode`) took the call: it goes on there, not here. */
  callMovedAway: [call: ActiveCall, toNode: string];
  callHandedOver: [event: CallHandedOver];
  /** The teller asked to hand its call over; the customer is asked first. */
  transferRequested: [ticketId: string, request: TransferConsentRequest];
  /** The customer agreed: the call waits in line for its next teller. */
  transferConsented: [transfer: TransferRow, ticket: CallTicket, at: number];
  transferWithdrawn: [event: TransferWithdrawn];
  /** A teller's part in a hand-over changed (asked, answered, called off), for its page. */
  tellerChanged: [tellerId: string];
  /** A side of a call lost its page (false) or came back within the grace period (true). */
  peerConnection: [callId: string, participantKey: string, connected: boolean];
  /** A supervisor started monitoring the call, changed mode (`monitor`), or left it (undefined). */
  supervisorChanged: [call: ActiveCall, monitor: CallMonitor | undefined, previous: MonitorMode | null];
};

/**
 * What the calls tell the rest of the server. Nothing subscribes to it inside
 * the call feature: the composition lists every listener, in order.
 */
export class CallBus extends EventEmitter<CallBusEvents> {}
