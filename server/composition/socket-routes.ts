import type { Logger } from 'pino';
import { forwardCounterEvents } from '../call/index.js';
import type { CounterService } from '../call/index.js';
import { mediaHandlers } from '../call/index.js';
import { faceCustomerHandlers, faceTellerHandlers, forwardFaceEvents } from '../face/index.js';
import type { FaceChecks } from '../face/index.js';
import { principalChannel, socketPrincipal, ticketChannel, type Principal } from '../identity/index.js';
import type { StaffAuth } from '../identity/index.js';
import type { TokenSigner } from '../identity/index.js';
import { bindRequests, type AppSocket } from '../platform/socket/request-binder.js';
import {
  channelSize,
  createSocketServer,
  newestSocketOf,
  type AppServer,
} from '../platform/socket/socket-server.js';
import type http from 'node:http';
import { customerHandlers, supervisorHandlers, tellerHandlers } from '../queue/index.js';
import { forwardServiceEvents, serviceHandlers } from '../service/index.js';
import type { ServiceSessions } from '../service/index.js';
import type { SupervisorBoardPublisher } from '../supervision/index.js';

const SUPERVISORS_CHANNEL = 'supervisors';

export interface SocketRoutesDeps {
  counter: CounterService;
  board: SupervisorBoardPublisher;
  serviceSessions: ServiceSessions;
  faceChecks: FaceChecks;
  staffAuth: StaffAuth;
  tokens: TokenSigner;
  logger: Logger;
  clock: () => number;
}

/** socket.io for the features: who may send which requests, and the features' pushes. */
export function createSocketRoutes(httpServer: http.Server, deps: SocketRoutesDeps): AppServer<Principal> {
  const { counter, logger } = deps;
  const media = { ...mediaHandlers(counter), ...serviceHandlers(deps.serviceSessions) };
  const forCustomers = { ...media, ...customerHandlers(counter), ...faceCustomerHandlers(deps.faceChecks) };
  const forTellers = { ...media, ...tellerHandlers(counter), ...faceTellerHandlers(deps.faceChecks) };
  const forSupervisors = supervisorHandlers(deps.board);

  const connected = (socket: AppSocket<Principal>): void => {
    const { principal } = socket.data;
    void socket.join(principalChannel(principal));
    if (principal.kind === 'customer') {
      counter.customerConnected(principal.ticketId);
      bindRequests(socket, forCustomers, logger);
      socket.on('disconnect', () => counter.customerDisconnected(principal.ticketId));
    } else if (principal.user.role === 'teller') {
      counter.tellerConnected(principal.user);
      bindRequests(socket, forTellers, logger);
      socket.on('disconnect', () => counter.tellerDisconnected(principal.user.id));
    } else if (principal.user.role === 'supervisor') {
      void socket.join(SUPERVISORS_CHANNEL);
      bindRequests(socket, forSupervisors, logger);
    } else {
      bindRequests(socket, {}, logger);
    }
  };
  const io = createSocketServer<Principal>(httpServer, {
    authenticate: (handshake) => socketPrincipal(handshake, { ...deps, now: deps.clock() }),
    connected,
  });

  forwardCounterEvents(io, counter);
  forwardServiceEvents(io, deps.serviceSessions);
  forwardFaceEvents(io, deps.faceChecks);
  deps.faceChecks.customerSocket = (ticketId) => newestSocketOf(io, ticketChannel(ticketId));
  deps.board.hasAudience = () => channelSize(io, SUPERVISORS_CHANNEL) > 0;
  deps.board.on('board', (board) => io.to(SUPERVISORS_CHANNEL).emit('supervisor:board', board));
  return io;
}
