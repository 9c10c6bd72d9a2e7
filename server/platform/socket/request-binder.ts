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

/** What the server keeps on a socket: who is behind it, as the identity feature worked it out. */
export type SocketData<P> = { principal: P };
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
}

/**
 * Answers every client request on `socket`: validates the payload against the
 * shared contract, refuses events this principal may not send, runs the
 * handler, and acks `{ ok, data }` or `{ ok: false, error }` with a stable code.
 */
export function bindRequests<P>(socket: AppSocket<P>, handlers: RequestHandlers<P>, logger: Logger): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    if (event in clientRequests) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') {
      ack({
        ok: false,
        error: { code: 'not_found', message: `unknown event ${event}` },
      } satisfies Ack<never>);
    }
  });
  for (const event of Object.keys(clientRequests) as ClientRequestName[]) {
    // socket.io's typed `on` cannot follow a mapped loop variable.
    (socket as unknown as Socket).on(event, async (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') {
        logger.debug({ event }, 'request without ack dropped');
        return;
      }
      const reply = ack as (result: Ack<unknown>) => void;
      try {
        reply({ ok: true, data: await run(event, payload) });
      } catch (error) {
        if (!(error instanceof AppError)) logger.error({ err: error, event }, 'request failed');
        reply({ ok: false, error: toErrorBody(error) });
      }
    });
  }

  async function run(event: ClientRequestName, payload: unknown): Promise<unknown> {
    const handler = handlers[event] as
      | ((p: unknown, principal: P, context: RequestContext) => unknown)
      | undefined;
    if (!handler) throw new AppError('forbidden', `${event} is not allowed for this user`);
    const parsed = clientRequests[event].safeParse(payload);
    if (!parsed.success) {
      throw new AppError('invalid_payload', `invalid ${event} payload`, toFieldIssues(parsed.error));
    }
    return handler(parsed.data, socket.data.principal, { socketId: socket.id });
  }
}
