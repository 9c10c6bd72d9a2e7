import type { CallView, TransferConsentRequest } from '../../shared/contracts/socket-events.js';
import type { UserStore } from '../identity/index.js';
import type { AuditTrail } from './audit-trail.js';
import { actorOf } from './audit-trail.js';
import type { CounterService } from '../call/index.js';

/**
 * Writes the counter's staff actions (a teller accepting a call, asking for and
 * completing a transfer) to the audit chain, from the events CounterService
 * already emits, so the counter itself knows nothing of auditing. Returns the
 * unsubscribe.
 */
export function auditCounterEvents(counter: CounterService, trail: AuditTrail, users: UserStore): () => void {
  // Events are emitted right after the change, so the call's current teller is the one who acted.
  const tellerOf = (callId: string) => {
    const teller = counter.participantsOf(callId).find((p) => p.role === 'teller');
    const user = teller?.role === 'teller' ? users.findById(teller.tellerId) : undefined;
    return user && actorOf(user);
  };
  const onStarted = (call: CallView) => {
    const actor = tellerOf(call.callId);
    if (actor)
      trail.record(actor, 'call.accepted', call.callId, {
        ticketId: call.ticketId,
        serviceId: call.serviceId,
      });
  };
  const onTransfer = (ticketId: string, request: TransferConsentRequest) => {
    const actor = tellerOf(request.callId);
    if (!actor) return;
    trail.record(actor, 'transfer.requested', request.callId, {
      ticketId,
      transferId: request.transferId,
      reason: request.reason,
      target: request.target,
    });
  };
  const onHandedOver = (event: { callId: string; ticketId: string; fromTellerId: string }) => {
    const actor = tellerOf(event.callId);
    if (actor) {
      trail.record(actor, 'transfer.completed', event.callId, {
        ticketId: event.ticketId,
        fromTellerId: event.fromTellerId,
      });
    }
  };
  counter.on('callStarted', onStarted);
  counter.on('transferRequested', onTransfer);
  counter.on('callHandedOver', onHandedOver);
  return () => {
    counter.off('callStarted', onStarted);
    counter.off('transferRequested', onTransfer);
    counter.off('callHandedOver', onHandedOver);
  };
}
