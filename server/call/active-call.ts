import type { CallEventData, CallEventType } from '../../shared/contracts/call-events.js';
import type { PriorityClass } from '../../shared/domain/priority.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { TimelineStore } from './timeline-store.js';
import type { TransferRow } from './transfer-store.js';

/** What a call keeps of its customer's ticket; the tickets themselves are the queue's. */
export interface CallTicket {
  id: string;
  fullName: string;
  idNumber: string;
  serviceId: string;
  language: string;
  priority: PriorityClass;
  joinedAt: number;
}

/** A call in progress. */
export interface ActiveCall {
  callId: string;
  ticket: CallTicket;
  /** The teller serving the customer now; a hand-over changes it. */
  tellerId: string;
  tellerName: string;
  startedAt: number;
  room: CallRoom;
  /** The hand-over the teller asked for, until it happens, is refused or withdrawn. */
  transfer: TransferRow | undefined;
}

/** Appends one of the call's own events (joins, leaves, hand-overs) to its timeline. */
export function appendCallEvent<T extends CallEventType>(
  events: TimelineStore,
  at: number,
  call: ActiveCall,
  actor: string,
  type: T,
  data: CallEventData<T>,
): Promise<void> {
  return events.append({ callId: call.callId, ticketId: call.ticket.id, at, actor, type, data });
}
