import type { Logger } from 'pino';
import type { CallFeature } from '../call/index.js';
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
import type { QueueFeature } from '../queue/index.js';
import { forwardServiceEvents, serviceHandlers } from '../service/index.js';
import type { ServiceSessions } from '../service/index.js';
import type { SupervisorBoardPublisher } from '../supervision/index.js';

const SUPERVISORS_CHANNEL = 'supervisors';

export interface SocketRoutesDeps {
  queue: QueueFeature;
  calls: CallFeature;
  board: SupervisorBoardPublisher;
  serviceSessions: ServiceSessions;
  faceChecks: FaceChecks;
  staffAuth: StaffAuth;
  tokens: TokenSigner;
  logger: Logger;
  clock: () => number;
}

/**
 * socket.io for the features: who may send which requests, and the features'
 * own pushes. The queue's and the calls' pushes are wired with the other
 * subscriptions to their news, in the composition.
 */
export function createSocketRoutes(httpServer: http.Server, deps: SocketRoutesDeps): AppServer<Principal> {
  const { queue, calls, logger } = deps;
  const media = { ...mediaHandlers(calls), ...serviceHandlers(deps.serviceSessions) };
  const forCustomers = {
    ...media,
    ...customerHandlers(queue, calls),
    ...faceCustomerHandlers(deps.faceChecks),
  };
  const forTellers = { ...media, ...tellerHandlers(queue, calls), ...faceTellerHandlers(deps.faceChecks) };
  const forSupervisors = supervisorHandlers(deps.board);

  const connected = (socket: AppSocket<Principal>): void => {
    const { principal } = socket.data;
    void socket.join(principalChannel(principal));
    if (principal.kind === 'customer') {
      queue.customers.connected(principal.ticketId);
      bindRequests(socket, forCustomers, logger);
      socket.on('disconnect', () => queue.customers.disconnected(principal.ticketId));
    } else if (principal.user.role === 'teller') {
      queue.tellers.connected(principal.user);
      bindRequests(socket, forTellers, logger);
      socket.on('disconnect', () => queue.tellers.disconnected(principal.user.id));
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

  forwardServiceEvents(io, deps.serviceSessions);
  forwardFaceEvents(io, deps.faceChecks);
  deps.faceChecks.customerSocket = (ticketId) => newestSocketOf(io, ticketChannel(ticketId));
  deps.board.hasAudience = () => channelSize(io, SUPERVISORS_CHANNEL) > 0;
  deps.board.on('board', (board) => io.to(SUPERVISORS_CHANNEL).emit('supervisor:board', board));
  return io;
}
