import type { CounterService } from '../call/index.js';
import type { Principal } from '../identity/index.js';
import type { SupervisorBoardSource } from '../supervision/index.js';
import { AppError } from '../platform/errors.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';

function ticketIdOf(principal: Principal): string {
  if (principal.kind !== 'customer') throw new AppError('forbidden', 'customers only');
  return principal.ticketId;
}

function staffIdOf(principal: Principal, role: 'teller' | 'supervisor'): string {
  if (principal.kind !== 'staff' || principal.user.role !== role)
    throw new AppError('forbidden', `${role}s only`);
  return principal.user.id;
}

export function customerHandlers(counter: CounterService): RequestHandlers<Principal> {
  return {
    'ticket:status': (_payload, principal) => {
      const ticketId = ticketIdOf(principal);
      return {
        ticket: counter.ticketView(ticketId),
        call: counter.callOfTicket(ticketId),
        transferRequest: counter.pendingConsentOf(ticketId),
      };
    },
    'queue:leave': (_payload, principal) => {
      counter.leaveQueue(ticketIdOf(principal));
      return {};
    },
    'transfer:respond': ({ callId, transferId, accept }, principal) => {
      counter.respondToTransfer(ticketIdOf(principal), callId, transferId, accept);
      return {};
    },
  };
}

export function tellerHandlers(counter: CounterService): RequestHandlers<Principal> {
  const tellerIdOf = (principal: Principal) => staffIdOf(principal, 'teller');
  return {
    'teller:state': (_payload, principal) => counter.tellerState(tellerIdOf(principal)),
    'teller:setStatus': ({ status }, principal) => counter.setTellerStatus(tellerIdOf(principal), status),
    'offer:accept': ({ ticketId }, principal) => counter.acceptOffer(tellerIdOf(principal), ticketId),
    'offer:decline': ({ ticketId }, principal) => counter.declineOffer(tellerIdOf(principal), ticketId),
    'transfer:targets': (_payload, principal) => counter.transferTargets(tellerIdOf(principal)),
    'call:transfer': ({ callId, target, reason }, principal) =>
      counter.requestTransfer(tellerIdOf(principal), callId, target, reason),
    'call:cancelTransfer': ({ callId }, principal) => {
      counter.cancelTransfer(tellerIdOf(principal), callId);
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
