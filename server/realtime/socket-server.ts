import type http from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { SESSION_COOKIE } from '../../shared/contracts/auth.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/contracts/socket-events.js';
import type { StaffAuth } from '../auth/staff-auth.js';
import type { TokenSigner } from '../auth/tokens.js';
import { CUSTOMER_KEY, type CounterService, type Principal } from '../app/counter-service.js';
import { readCookie } from '../http/cookies.js';
import type { CallRoom } from '../media/call-room.js';
import type { FaceCheckDesk } from '../app/face-check-desk.js';
import {
  faceCustomerHandlers,
  faceTellerHandlers,
  forwardFaceEvents,
  newestSocketOf,
} from './face-handlers.js';
import { mediaHandlers } from './media-handlers.js';
import { principalRoom, staffRoom, ticketRoom } from './principal.js';
import { bindRequests, type AppSocket, type SocketData } from './request-binder.js';
import { customerHandlers, supervisorHandlers, tellerHandlers } from './role-handlers.js';
import type { SupervisorBoardPublisher } from '../app/supervisor-board.js';
import type { ServiceDesk } from '../app/service-desk.js';
import { forwardServiceEvents, serviceHandlers } from './service-handlers.js';

const SUPERVISORS_ROOM = 'supervisors';

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  counter: CounterService;
  board: SupervisorBoardPublisher;
  desk: ServiceDesk;
  faceDesk: FaceCheckDesk;
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

  const media = { ...mediaHandlers(counter), ...serviceHandlers(deps.desk) };
  const forCustomers = { ...media, ...customerHandlers(counter), ...faceCustomerHandlers(deps.faceDesk) };
  const forTellers = { ...media, ...tellerHandlers(counter), ...faceTellerHandlers(deps.faceDesk) };
  const forSupervisors = supervisorHandlers(deps.board);

  io.on('connection', (socket: AppSocket) => {
    const { principal } = socket.data;
    void socket.join(principalRoom(principal));
    if (principal.kind === 'customer') {
      counter.customerConnected(principal.ticketId);
      bindRequests(socket, forCustomers, logger);
      socket.on('disconnect', () => counter.customerDisconnected(principal.ticketId));
    } else if (principal.user.role === 'teller') {
      counter.tellerConnected(principal.user);
      bindRequests(socket, forTellers, logger);
      socket.on('disconnect', () => counter.tellerDisconnected(principal.user.id));
    } else if (principal.user.role === 'supervisor') {
      void socket.join(SUPERVISORS_ROOM);
      bindRequests(socket, forSupervisors, logger);
    } else {
      bindRequests(socket, {}, logger);
    }
  });

  forwardCounterEvents(io, counter);
  forwardServiceEvents(io, deps.desk);
  forwardFaceEvents(io, deps.faceDesk);
  deps.faceDesk.customerSocket = (ticketId) => newestSocketOf(io, ticketRoom(ticketId));
  deps.board.hasAudience = () => (io.sockets.adapter.rooms.get(SUPERVISORS_ROOM)?.size ?? 0) > 0;
  deps.board.on('board', (board) => io.to(SUPERVISORS_ROOM).emit('supervisor:board', board));
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
  // Only what changed is sent: with thousands waiting, one departure must not mean thousands of messages.
  const lastSent = new Map<string, string>();
  let pushScheduled = false;
  // Several changes in one turn of the event loop make one push.
  const pushPositions = (): void => {
    if (pushScheduled) return;
    pushScheduled = true;
    setImmediate(() => {
      pushScheduled = false;
      pushChangedPositions();
    });
  };
  const pushChangedPositions = (): void => {
    const current = new Set<string>();
    for (const update of counter.queuePositions()) {
      current.add(update.ticketId);
      const key = `${update.position}/${update.waiting}/${update.estimatedWaitMs}`;
      if (lastSent.get(update.ticketId) === key) continue;
      lastSent.set(update.ticketId, key);
      io.to(ticketRoom(update.ticketId)).emit('queue:position', update);
    }
    for (const ticketId of lastSent.keys()) if (!current.has(ticketId)) lastSent.delete(ticketId);
  };
  counter.on('queueChanged', () => {
    pushPositions();
    for (const tellerId of counter.tellerIds()) pushTellerState(tellerId);
  });
  // Staffing changes move estimates too.
  counter.on('tellerChanged', (tellerId) => {
    pushTellerState(tellerId);
    pushPositions();
  });
  counter.on('transferRequested', (ticketId, request) => {
    io.to(ticketRoom(ticketId)).emit('transfer:consentRequest', request);
  });
  counter.on('transferWithdrawn', (ticketId, event) => {
    io.to(ticketRoom(ticketId)).emit('transfer:withdrawn', event);
  });
  counter.on('callHandedOver', ({ callId, ticketId, fromTellerId, toDisplayName }) => {
    io.to(ticketRoom(ticketId)).emit('call:tellerChanged', {
      callId,
      teller: { displayName: toDisplayName },
    });
    io.to(staffRoom(fromTellerId)).emit('call:ended', { callId, reason: 'transferred' });
  });
  counter.on('peerConnection', (callId, participantKey, connected) => {
    const role = participantKey === CUSTOMER_KEY ? 'customer' : 'teller';
    for (const p of counter.participantsOf(callId)) {
      if (p.key === participantKey) continue;
      const room = p.role === 'customer' ? ticketRoom(p.ticketId) : staffRoom(p.tellerId);
      io.to(room).emit('call:peerConnection', { callId, role, connected });
    }
  });
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
