import type { CallFeature } from '../call/index.js';
import { asCustomer, asStaff, type Principal } from '../identity/index.js';
import type { SupervisorBoardSource } from '../supervision/index.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';
import type { QueueFeature } from './queue-setup.js';

// The policy narrows the principal to who is asking; for a call's own requests the call side asks it about that call.
// A request about the queue is answered in a queue turn (queue-turns.ts): it sees every change asked for before it.

export function customerHandlers(queue: QueueFeature, calls: CallFeature): RequestHandlers<Principal> {
  return {
    'ticket:status': async (_payload, principal) => {
      const ticketId = asCustomer(principal, 'queue.wait').ticketId;
      const callNode = await calls.failover.nodeForTicket(ticketId);
      return queue.turns.run(async () => ({
        ticket: await queue.customers.view(ticketId),
        call: calls.registry.viewOfTicket(ticketId),
        transferRequest: calls.transfers.pendingConsentOf(ticketId),
        callNode,
      }));
    },
    'queue:leave': async (_payload, principal) => {
      await queue.customers.leave(asCustomer(principal, 'queue.wait').ticketId);
      return {};
    },
    'transfer:respond': async ({ callId, transferId, accept }, principal) => {
      await calls.transfers.respond(principal, callId, transferId, accept);
      return {};
    },
  };
}

export function tellerHandlers(queue: QueueFeature, calls: CallFeature): RequestHandlers<Principal> {
  const tellerIdOf = (principal: Principal) => asStaff(principal, 'queue.serve').id;
  return {
    'teller:state': async (_payload, principal) => {
      const tellerId = tellerIdOf(principal);
      const callNode = await calls.failover.nodeForTeller(tellerId);
      return { ...(await queue.turns.run(() => queue.states.of(tellerId))), callNode };
    },
    'teller:setStatus': ({ status }, principal) => {
      const tellerId = tellerIdOf(principal);
      return queue.turns.run(async () => {
        await queue.tellers.setStatus(tellerId, status);
        return queue.states.of(tellerId);
      });
    },
    'offer:accept': ({ ticketId }, principal) => queue.acceptance.accept(tellerIdOf(principal), ticketId),
    'offer:decline': ({ ticketId }, principal) => {
      const tellerId = tellerIdOf(principal);
      return queue.turns.run(async () => {
        await queue.offers.decline(tellerId, ticketId);
        return queue.states.of(tellerId);
      });
    },
    'teller:wrapUp': ({ callId, outcome, note }, principal) => {
      const tellerId = tellerIdOf(principal);
      return queue.turns.run(async () => {
        await queue.wrapUps.finish(tellerId, callId, outcome, note ?? '');
        return queue.states.of(tellerId);
      });
    },
    'transfer:targets': (_payload, principal) => {
      const tellerId = tellerIdOf(principal);
      return queue.turns.run(() => queue.states.transferTargets(tellerId));
    },
    'call:transfer': ({ callId, target, reason }, principal) =>
      calls.transfers.request(principal, callId, target, reason),
    'call:cancelTransfer': async ({ callId }, principal) => {
      await calls.transfers.cancel(principal, callId);
      return {};
    },
  };
}

export function supervisorHandlers(board: SupervisorBoardSource): RequestHandlers<Principal> {
  return {
    'supervisor:board': (_payload, principal) => {
      asStaff(principal, 'supervisor.board');
      return board.build();
    },
  };
}
