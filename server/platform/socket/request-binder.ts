import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import { toFieldIssues, type Ack } from '../../../shared/contracts/errors.js';
import {
  clientRequests,
  type ClientRequestName,
  type ClientResponses,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../shared/contracts/socket-events.js';
import type { z } from 'zod';
import { AppError, toErrorBody } from '../errors.js';
import type { SocketEventLimits } from './event-limits.js';
import { MAX_PAYLOAD_DEPTH, nestedDeeperThan } from '../payload-depth.js';

/**
 * What the server keeps on a socket: who is behind it, as the identity feature
 * worked it out, and the client's address as the trusted proxies report it.
 */
export type SocketData<P> = { principal: P; clientAddress: string };
export type AppSocket<P> = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData<P>
>;

export type RequestHandlers<P> = {
  [E in ClientRequestName]?: (
    payload: z.output<(typeof clientRequests)[E]>,
    principal: P,
    context: RequestContext,
  ) => ClientResponses[E] | Promise<ClientResponses[E]>;
};

/** Which socket a request came on: face-check frames are only taken from the socket that was asked. */
export interface RequestContext {
  socketId: string;
  /** The client's address at the handshake (X-Forwarded-For believed only from trusted proxies). */
  clientAddress: string;
}

type Reply = (result: Ack<unknown>) => void;

/**
 * Answers every client request on `socket`, in this order: the socket's budget
 * for the event's family (`rate_limited`), a known event (`not_found`, also
 * for names like `constructor`), one this principal may send (`forbidden`), a
 * payload no deeper than any contract's (`invalid_payload`, before anything
 * walks it recursively), the shared contract's schema (`invalid_payload`), then
 * the handler. Every request with an ack function gets `{ ok, data }` or
 * `{ ok: false, error }` with a stable code, also one sent without a payload.
 */
export function bindRequests<P>(
  socket: AppSocket<P>,
  handlers: RequestHandlers<P>,
  logger: Logger,
  limits: SocketEventLimits,
): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    // A request sent without a payload has its ack where the payload would be.
    const ack = args.at(-1);
    if (typeof ack !== 'function') {
      logger.debug({ event }, 'request without ack dropped');
      return;
    }
    const payload = args.length > 1 ? args[0] : undefined;
    void answer(String(event), payload, ack as Reply);
  });

  async function answer(event: string, payload: unknown, reply: Reply): Promise<void> {
    try {
      reply({ ok: true, data: await run(event, payload) });
    } catch (error) {
      if (!(error instanceof AppError)) logger.error({ err: error, event }, 'request failed');
      reply({ ok: false, error: toErrorBody(error) });
    }
  }

  async function run(event: string, payload: unknown): Promise<unknown> {
    const waitMs = await limits.take(socket.id, event);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError('rate_limited', `too many requests of this kind; try again in ${seconds} s`);
    }
    if (!Object.hasOwn(clientRequests, event)) throw new AppError('not_found', 'unknown event');
    const name = event as ClientRequestName;
    const handler = Object.hasOwn(handlers, name)
      ? (handlers[name] as (p: unknown, principal: P, context: RequestContext) => unknown)
      : undefined;
    if (!handler) throw new AppError('forbidden', `${name} is not allowed for this user`);
    if (nestedDeeperThan(payload, MAX_PAYLOAD_DEPTH)) {
      throw new AppError('invalid_payload', `the ${name} payload nests too deep`);
    }
    const parsed = clientRequests[name].safeParse(payload);
    if (!parsed.success) {
      throw new AppError('invalid_payload', `invalid ${name} payload`, toFieldIssues(parsed.error));
    }
    return handler(parsed.data, socket.data.principal, {
      socketId: socket.id,
      clientAddress: socket.data.clientAddress,
    });
  }
}
