import type { CallFeature } from '../call/index.js';
import type { Principal } from '../identity/index.js';
import type { SupervisorBoardSource } from '../supervision/index.js';
import { AppError } from '../platform/errors.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';
import type { QueueFeature } from './queue-setup.js';

function ticketIdOf(principal: Principal): string {
  if (principal.kind !== 'customer') throw new AppError('forbidden', 'customers only');
  return principal.ticketId;
}

function staffIdOf(principal: Principal, role: 'teller' | 'supervisor'): string {
  if (principal.kind !== 'staff' || principal.user.role !== role)
    throw new AppError('forbidden', `${role}s only`);
  return principal.user.id;
}

export function customerHandlers(queue: QueueFeature, calls: CallFeature): RequestHandlers<Principal> {
  return {
    'ticket:status': (_payload, principal) => {
      const ticketId = ticketIdOf(principal);
      return {
        ticket: queue.customers.view(ticketId),
        call: calls.registry.viewOfTicket(ticketId),
        transferRequest: calls.transfers.pendingConsentOf(ticketId),
      };
    },
    'queue:leave': (_payload, principal) => {
      queue.customers.leave(ticketIdOf(principal));
      return {};
    },
    'transfer:respond': ({ callId, transferId, accept }, principal) => {
      calls.transfers.respond(ticketIdOf(principal), callId, transferId, accept);
      return {};
    },
  };
}

export function tellerHandlers(queue: QueueFeature, calls: CallFeature): RequestHandlers<Principal> {
  const tellerIdOf = (principal: Principal) => staffIdOf(principal, 'teller');
  return {
    'teller:state': (_payload, principal) => queue.states.of(tellerIdOf(principal)),
    'teller:setStatus': ({ status }, principal) => {
      const tellerId = tellerIdOf(principal);
      queue.tellers.setStatus(tellerId, status);
      return queue.states.of(tellerId);
    },
    'offer:accept': ({ ticketId }, principal) => queue.acceptance.accept(tellerIdOf(principal), ticketId),
    'offer:decline': ({ ticketId }, principal) => {
      const tellerId = tellerIdOf(principal);
      queue.offers.decline(tellerId, ticketId);
      return queue.states.of(tellerId);
    },
    'transfer:targets': (_payload, principal) => queue.states.transferTargets(tellerIdOf(principal)),
    'call:transfer': ({ callId, target, reason }, principal) =>
      calls.transfers.request(tellerIdOf(principal), callId, target, reason),
    'call:cancelTransfer': ({ callId }, principal) => {
      calls.transfers.cancel(tellerIdOf(principal), callId);
      return {};
    },
  };
}

export function supervisorHandlers(board: SupervisorBoardSource): RequestHandlers<Principal> {
  return {
    'supervisor:board': (_payload, principal) => {
      staffIdOf(principal, 'supervisor');
      return board.build();
    },
  };
}
