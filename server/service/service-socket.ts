import type { Logger } from 'pino';
import { staffChannel, ticketChannel, type Principal } from '../identity/index.js';
import type { ServiceSessions } from './service-sessions.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';

/** The guided service's requests; the same for customers and tellers, the flow checks who sends what. */
export function serviceHandlers(sessions: ServiceSessions): RequestHandlers<Principal> {
  return {
    'service:state': ({ callId }, principal) => sessions.view(principal, callId),
    'service:push': ({ callId, messageId, stepId, presented }, principal) =>
      sessions.send(principal, callId, messageId, { type: 'push_step', stepId, presented }),
    'service:submit': ({ callId, messageId, stepId, values }, principal) =>
      sessions.send(principal, callId, messageId, { type: 'submit_step', stepId, values }),
    'service:confirm': ({ callId, messageId, stepId }, principal) =>
      sessions.send(principal, callId, messageId, { type: 'confirm_step', stepId }),
    'service:correct': ({ callId, messageId, stepId, message }, principal) =>
      sessions.send(principal, callId, messageId, { type: 'request_correction', stepId, message }),
    'service:withdraw': ({ callId, messageId, stepId }, principal) =>
      sessions.send(principal, callId, messageId, { type: 'withdraw', stepId }),
    'service:requestSignature': ({ callId }, principal) => sessions.requestSignature(principal, callId),
    'service:sign': ({ callId, ...input }, principal) => sessions.sign(principal, callId, input),
    'service:complete': ({ callId, messageId }, principal) =>
      sessions.send(principal, callId, messageId, { type: 'complete' }),
    'service:rate': async ({ callId, score, comment }, principal) => {
      await sessions.rate(principal, callId, score, comment ?? '');
      return {};
    },
  };
}

/** Every change reaches the call's customer and tellers, whichever of them caused it. */
export function forwardServiceEvents(
  io: AppServer<Principal>,
  sessions: ServiceSessions,
  logger: Logger,
): void {
  const toAudienceOf = (callId: string, push: (channels: string[]) => void): void => {
    sessions
      .audienceOf(callId)
      .then(({ ticketId, tellerIds }) =>
        push([...(ticketId ? [ticketChannel(ticketId)] : []), ...tellerIds.map(staffChannel)]),
      )
      .catch((error: unknown) => logger.error({ err: error, callId }, 'could not push the service'));
  };
  sessions.on('changed', (callId, view) =>
    toAudienceOf(callId, (channels) => io.to(channels).emit('service:state', view)),
  );
  sessions.on('ended', (callId, status, recordUrl) =>
    toAudienceOf(callId, (channels) =>
      io.to(channels).emit('service:completed', { callId, status, recordUrl }),
    ),
  );
}
