import type { ServiceDesk } from '../app/service-desk.js';
import type { AppServer } from './socket-server.js';
import { staffRoom, ticketRoom } from './principal.js';
import type { RequestHandlers } from './request-binder.js';

/** The guided service's requests; the same for customers and tellers, the flow checks who sends what. */
export function serviceHandlers(desk: ServiceDesk): RequestHandlers {
  return {
    'service:state': ({ callId }, principal) => desk.view(principal, callId),
    'service:push': ({ callId, messageId, stepId, presented }, principal) =>
      desk.send(principal, callId, messageId, { type: 'push_step', stepId, presented }),
    'service:submit': ({ callId, messageId, stepId, values }, principal) =>
      desk.send(principal, callId, messageId, { type: 'submit_step', stepId, values }),
    'service:confirm': ({ callId, messageId, stepId }, principal) =>
      desk.send(principal, callId, messageId, { type: 'confirm_step', stepId }),
    'service:correct': ({ callId, messageId, stepId, message }, principal) =>
      desk.send(principal, callId, messageId, { type: 'request_correction', stepId, message }),
    'service:withdraw': ({ callId, messageId, stepId }, principal) =>
      desk.send(principal, callId, messageId, { type: 'withdraw', stepId }),
    'service:requestSignature': ({ callId }, principal) => desk.requestSignature(principal, callId),
    'service:sign': ({ callId, ...input }, principal) => desk.sign(principal, callId, input),
    'service:complete': ({ callId, messageId }, principal) =>
      desk.send(principal, callId, messageId, { type: 'complete' }),
    'service:rate': ({ callId, score, comment }, principal) => {
      desk.rate(principal, callId, score, comment ?? '');
      return {};
    },
  };
}

/** Every change reaches the call's customer and tellers, whichever of them caused it. */
export function forwardServiceEvents(io: AppServer, desk: ServiceDesk): void {
  const roomsOf = (callId: string): string[] => {
    const { ticketId, tellerIds } = desk.audienceOf(callId);
    return [...(ticketId ? [ticketRoom(ticketId)] : []), ...tellerIds.map(staffRoom)];
  };
  desk.on('changed', (callId, view) => io.to(roomsOf(callId)).emit('service:state', view));
  desk.on('ended', (callId, status, recordUrl) =>
    io.to(roomsOf(callId)).emit('service:completed', { callId, status, recordUrl }),
  );
}
