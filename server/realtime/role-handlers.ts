import type { CounterService } from '../app/counter-service.js';
import { AppError } from '../errors.js';
import type { RequestHandlers } from './request-binder.js';

export function customerHandlers(counter: CounterService): RequestHandlers {
  const ticketIdOf = (principal: Parameters<NonNullable<RequestHandlers['ticket:status']>>[1]): string => {
    if (principal.kind !== 'customer') throw new AppError('forbidden', 'customers only');
    return principal.ticketId;
  };
  return {
    'ticket:status': (_payload, principal) => {
      const ticketId = ticketIdOf(principal);
      return { ticket: counter.ticketView(ticketId), call: counter.callOfTicket(ticketId) };
    },
    'queue:leave': (_payload, principal) => {
      counter.leaveQueue(ticketIdOf(principal));
      return {};
    },
  };
}

export function tellerHandlers(counter: CounterService): RequestHandlers {
  const tellerIdOf = (principal: Parameters<NonNullable<RequestHandlers['teller:state']>>[1]): string => {
    if (principal.kind !== 'staff' || principal.user.role !== 'teller')
      throw new AppError('forbidden', 'tellers only');
    return principal.user.id;
  };
  return {
    'teller:state': (_payload, principal) => counter.tellerState(tellerIdOf(principal)),
    'teller:setStatus': ({ status }, principal) => counter.setTellerStatus(tellerIdOf(principal), status),
    'offer:accept': ({ ticketId }, principal) => counter.acceptOffer(tellerIdOf(principal), ticketId),
  };
}
