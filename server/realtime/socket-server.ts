import type http from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { SESSION_COOKIE } from '../../shared/contracts/auth.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/contracts/socket-events.js';
import type { StaffAuth } from '../auth/staff-auth.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { CounterService, Principal } from '../app/counter-service.js';
import { readCookie } from '../http/cookies.js';
import type { CallRoom } from '../media/call-room.js';
import { mediaHandlers } from './media-handlers.js';
import { principalRoom, staffRoom, ticketRoom } from './principal.js';
import { bindRequests, type AppSocket, type SocketData } from './request-binder.js';
import { customerHandlers, tellerHandlers } from './role-handlers.js';

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  counter: CounterService;
  staffAuth: StaffAuth;
  tokens: TokenSigner;
  logger: Logger;
  clock: () => number;
}

/** socket.io on the HTTPS server: authentication, requests, and pushes from the counter. */
export function createSocketServer(httpServer: http.Server, deps: RealtimeDeps): AppServer {
  const { counter, logger } = deps;
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });

  io.use((socket, next) => {
    const principal = authenticate(socket, deps);
    if (!principal) return next(new Error('unauthorized'));
    socket.data.principal = principal;
    next();
  });

  const media = mediaHandlers(counter);
  const forCustomers = { ...media, ...customerHandlers(counter) };
  const forTellers = { ...media, ...tellerHandlers(counter) };

  io.on('connection', (socket: AppSocket) => {
    const { principal } = socket.data;
    void socket.join(principalRoom(principal));
    if (principal.kind === 'customer') {
      bindRequests(socket, forCustomers, logger);
      socket.on('disconnect', () => {
        // Another tab of the same ticket may still be connected.
        if ((io.sockets.adapter.rooms.get(ticketRoom(principal.ticketId))?.size ?? 0) === 0) {
          counter.customerDisconnected(principal.ticketId);
        }
      });
    } else if (principal.user.role === 'teller') {
      counter.tellerConnected(principal.user);
      bindRequests(socket, forTellers, logger);
      socket.on('disconnect', () => counter.tellerDisconnected(principal.user.id));
    } else {
      bindRequests(socket, {}, logger);
    }
  });

  forwardCounterEvents(io, counter);
  return io;
}

function authenticate(
  socket: { handshake: { auth: Record<string, unknown>; headers: http.IncomingHttpHeaders } },
  deps: RealtimeDeps,
): Principal | undefined {
  const { auth, headers } = socket.handshake;
  if (auth.ticketToken !== undefined) {
    const claims = deps.tokens.verify(auth.ticketToken, 'ticket', deps.clock());
    return claims && { kind: 'customer', ticketId: claims.sub };
  }
  const user = deps.staffAuth.authenticate(auth.token ?? readCookie(headers.cookie, SESSION_COOKIE));
  return user && { kind: 'staff', user };
}

function forwardCounterEvents(io: AppServer, counter: CounterService): void {
  const pushTellerState = (tellerId: string): void => {
    io.to(staffRoom(tellerId)).emit('teller:state', counter.tellerState(tellerId));
  };
  counter.on('queueChanged', () => {
    const waiting = counter.waitingCount;
    for (const { ticketId, position } of counter.queuePositions()) {
      io.to(ticketRoom(ticketId)).emit('queue:position', { ticketId, position, waiting });
    }
    for (const tellerId of counter.tellerIds()) pushTellerState(tellerId);
  });
  counter.on('tellerChanged', pushTellerState);
  counter.on('callStarted', (call, room) => {
    io.to(ticketRoom(call.ticketId)).emit('call:started', call);
    forwardRoomEvents(io, counter, call.callId, room);
  });
  counter.on('callEnded', ({ callId, ticketId, tellerId, reason }) => {
    io.to([ticketRoom(ticketId), staffRoom(tellerId)]).emit('call:ended', { callId, reason });
  });
}

/** Media changes of one participant reach the others (and its own consumer closures, itself). */
function forwardRoomEvents(io: AppServer, counter: CounterService, callId: string, room: CallRoom): void {
  const roomsOf = (keys: (key: string) => boolean): string[] =>
    counter
      .participantsOf(callId)
      .filter((p) => keys(p.key))
      .map((p) => (p.role === 'customer' ? ticketRoom(p.ticketId) : staffRoom(p.tellerId)));
  const others = (key: string) => roomsOf((k) => k !== key);
  room.on('producerAdded', (key, producer) => {
    io.to(others(key)).emit('media:producerAdded', { callId, ...producer });
  });
  room.on('producerClosed', (key, producerId) => {
    io.to(others(key)).emit('media:producerClosed', { callId, producerId });
  });
  room.on('producerPaused', (key, producerId, paused) => {
    io.to(others(key)).emit('media:producerPaused', { callId, producerId, paused });
  });
  room.on('consumerClosed', (key, consumerId) => {
    io.to(roomsOf((k) => k === key)).emit('media:consumerClosed', { callId, consumerId });
  });
}
