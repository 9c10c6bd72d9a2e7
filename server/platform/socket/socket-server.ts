import type http from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/contracts/socket-events.js';
import type { AppSocket, SocketData } from './request-binder.js';
import { fromAllowedOrigin } from '../http/origins.js';
import { capOutgoingBuffer } from './outgoing-buffer.js';
import { clientAddress, type TrustProxy } from '../http/client-address.js';

/**
 * What one node tells the others over the adapter (`io.serverSideEmit`): a
 * topic and its body, which the topic's feature checks. With the in-memory
 * adapter (one node) nobody hears it.
 */
export interface ServerSideEvents {
  'node:notice': (topic: string, body: unknown) => void;
  /**
   * A question to another node (`io.serverSideEmitWithAck`): every other node answers once, the
   * one it is for with its answer, the others with null.
   */
  'node:request': (topic: string, body: unknown, answer: (reply: unknown) => void) => void;
}

export type AppServer<P> = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  ServerSideEvents,
  SocketData<P>
>;

/** What a connecting socket shows: its auth payload and its HTTP headers (the session cookie). */
export interface Handshake {
  auth: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

export interface SocketServerOptions<P> {
  /** Origins whose pages may open a socket (read when asked: the port is known after listen). */
  allowedOrigins: () => readonly string[];
  /** Who is behind a connecting socket; undefined refuses it with `unauthorized`. */
  authenticate(handshake: Handshake): P | undefined | Promise<P | undefined>;
  /** A socket that was let in: the features bind its requests and follow its lifetime. */
  connected(socket: AppSocket<P>): void;
  /** A socket whose unsent output passes this is disconnected: its client is not reading. */
  outgoingBufferBytes: number;
  /** Which hops may name the client's address (SKYTELLER_TRUSTED_PROXIES); unset: none. */
  trustProxy?: TrustProxy;
  /** Told when a socket was cut off for not reading (for the log). */
  cutOff?(socket: AppSocket<P>): void;
  /**
   * Carries `io.to(room).emit(…)` to the room's sockets on the other nodes
   * (SharedRedis.socketAdapter); unset: socket.io's in-memory adapter, one node.
   */
  adapter?: ServerOptions['adapter'];
}

const NO_PROXY: TrustProxy = () => false;

/**
 * socket.io on the HTTPS server. It knows no business: who a socket is comes
 * from `authenticate`, and what it may ask from `connected`.
 */
export function createSocketServer<P>(
  httpServer: http.Server,
  options: SocketServerOptions<P>,
): AppServer<P> {
  const io: AppServer<P> = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    ...(options.adapter ? { adapter: options.adapter } : {}),
    // Before any engine.io session exists: another site's page cannot ride a teller's cookie.
    allowRequest: (req, callback) => callback(null, fromAllowedOrigin(req.headers, options.allowedOrigins())),
  });
  io.use((socket, next) => {
    Promise.resolve(options.authenticate(socket.handshake)).then(
      (principal) => {
        if (principal === undefined) return next(new Error('unauthorized'));
        socket.data.principal = principal;
        // As the REST routes see it: the handshake's X-Forwarded-For only from a trusted proxy.
        socket.data.clientAddress = clientAddress(socket.request, options.trustProxy ?? NO_PROXY);
        next();
      },
      // The store did not answer: the page is refused (nothing of the error told) and connects again.
      () => next(new Error('unavailable')),
    );
  });
  io.on('connection', (socket) => {
    capOutgoingBuffer(socket, options.outgoingBufferBytes, () => options.cutOff?.(socket));
    options.connected(socket);
  });
  return io;
}

/** How many sockets are in a socket.io room (a channel) now, on this node only. */
export const channelSize = <P>(io: AppServer<P>, channel: string): number =>
  io.sockets.adapter.rooms.get(channel)?.size ?? 0;

/** The newest connected socket of a channel on this node: the page its owner is looking at now. */
export function newestSocketOf<P>(io: AppServer<P>, channel: string): string | undefined {
  const sockets = io.sockets.adapter.rooms.get(channel);
  return sockets ? [...sockets].at(-1) : undefined;
}
