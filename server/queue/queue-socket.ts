import type { CounterService } from '../call/index.js';
import { asCustomer, asStaff, type Principal } from '../identity/index.js';
import type { SupervisorBoardSource } from '../supervision/index.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';

// The policy narrows the principal to who is asking; whether a call is theirs, the counter checks.

export function customerHandlers(counter: CounterService): RequestHandlers<Principal> {
  return {
    'ticket:status': (_payload, principal) => {
      const ticketId = asCustomer(principal, 'queue.wait').ticketId;
      return {
        ticket: counter.ticketView(ticketId),
        call: counter.callOfTicket(ticketId),
        transferRequest: counter.pendingConsentOf(ticketId),
      };
    },
    'queue:leave': (_payload, principal) => {
      counter.leaveQueue(asCustomer(principal, 'queue.wait').ticketId);
      return {};
    },
    'transfer:respond': ({ callId, transferId, accept }, principal) => {
      counter.respondToTransfer(
        asCustomer(principal, 'call.transfer_consent').ticketId,
        callId,
        transferId,
        accept,
      );
      return {};
    },
  };
}

export function tellerHandlers(counter: CounterService): RequestHandlers<Principal> {
  return {
    'teller:state': (_payload, principal) => counter.tellerState(asStaff(principal, 'queue.serve').id),
    'teller:setStatus': ({ status }, principal) =>
      counter.setTellerStatus(asStaff(principal, 'queue.serve').id, status),
    'offer:accept': ({ ticketId }, principal) =>
      counter.acceptOffer(asStaff(principal, 'queue.serve').id, ticketId),
    'offer:decline': ({ ticketId }, principal) =>
      counter.declineOffer(asStaff(principal, 'queue.serve').id, ticketId),
    'transfer:targets': (_payload, principal) =>
      counter.transferTargets(asStaff(principal, 'queue.serve').id),
    'call:transfer': ({ callId, target, reason }, principal) =>
      counter.requestTransfer(asStaff(principal, 'call.transfer').id, callId, target, reason),
    'call:cancelTransfer': ({ callId }, principal) => {
      counter.cancelTransfer(asStaff(principal, 'call.transfer').id, callId);
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
