import type { Logger } from 'pino';
import { mediaHandlers, type CallFeature, type MonitorsElsewhere } from '../call/index.js';
import {
  faceCustomerHandlers,
  faceTellerHandlers,
  forwardFaceEvents,
  type FaceChecks,
} from '../face/index.js';
import {
  mayAsk,
  maySend,
  principalChannel,
  ticketChannel,
  type Callers,
  type Principal,
} from '../identity/index.js';
import { chatHandlers, forwardChatEvents, type ChatFeature } from '../chat/index.js';
import { forwardLocationEvents, locationHandlers, type CallLocations } from '../location/index.js';
import { trustProxies } from '../platform/http/client-address.js';
import { bindRequests, type AppSocket, type RequestHandlers } from '../platform/socket/request-binder.js';
import { SocketEventLimits } from '../platform/socket/event-limits.js';
import {
  channelSize,
  createSocketServer,
  newestSocketOf,
  type AppServer,
  type SocketServerOptions,
} from '../platform/socket/socket-server.js';
import type http from 'node:http';
import { customerHandlers, supervisorHandlers, tellerHandlers, type QueueFeature } from '../queue/index.js';
import { forwardServiceEvents, serviceHandlers, type ServiceSessions } from '../service/index.js';
import type { SupervisorBoardPublisher } from '../supervision/index.js';
import type { LeaderBoard } from './leader-board.js';

const SUPERVISORS_CHANNEL = 'supervisors';

export interface SocketRoutesDeps {
  queue: QueueFeature;
  calls: CallFeature;
  board: SupervisorBoardPublisher;
  /** The board supervisors get: the queue leader's in a cluster. */
  wholeBoard: LeaderBoard;
  /** Calls of other nodes a supervisor here monitors (with the router links and the shared bus). */
  monitorsElsewhere?: MonitorsElsewhere;
  serviceSessions: ServiceSessions;
  faceChecks: FaceChecks;
  chat: ChatFeature;
  locations: CallLocations;
  callers: Callers;
  logger: Logger;
  allowedOrigins: () => readonly string[];
  /** A socket whose unsent output passes this is disconnected. */
  outgoingBufferBytes: number;
  /** SKYTELLER_TRUSTED_PROXIES: whose X-Forwarded-For names a socket's client address. */
  trustedProxies: readonly string[];
  /** Carries pushes to sockets on the other nodes (SKYTELLER_REDIS_URL); unset: one node. */
  adapter?: SocketServerOptions<Principal>['adapter'];
}

/** The handlers of the requests `principal` may send (the policy's table); the binder refuses the rest. */
function handlersFor(principal: Principal, all: RequestHandlers<Principal>): RequestHandlers<Principal> {
  return Object.fromEntries(
    Object.entries(all).filter(([request]) => maySend(principal, request as keyof typeof all)),
  );
}

/**
 * socket.io for the features: who may send which requests, and the features'
 * own pushes. The queue's and the calls' pushes are wired with the other
 * subscriptions to their news, in the composition.
 */
export function createSocketRoutes(httpServer: http.Server, deps: SocketRoutesDeps): AppServer<Principal> {
  const { queue, calls, logger } = deps;
  const every: RequestHandlers<Principal> = {
    ...mediaHandlers(calls, deps.monitorsElsewhere),
    ...serviceHandlers(deps.serviceSessions),
    ...customerHandlers(queue, calls),
    ...tellerHandlers(queue, calls),
    ...supervisorHandlers(deps.wholeBoard),
    ...faceCustomerHandlers(deps.faceChecks),
    ...faceTellerHandlers(deps.faceChecks),
    ...chatHandlers(deps.chat.chats, deps.chat.quickReplies),
    ...locationHandlers(deps.locations),
  };

  const limits = new SocketEventLimits();
  const connected = (socket: AppSocket<Principal>): void => {
    const { principal } = socket.data;
    // Before anything else on this socket: a page whose call is on another node knows to move.
    socket.emit('node:hello', { nodeId: calls.registry.nodeId });
    void socket.join(principalChannel(principal));
    // Presence: a customer's page keeps its place in line; a teller's, its place at the counter.
    // Each is a queue turn (server/queue/queue-turns.ts), in the order the sockets came and went.
    // A page whose call's node was lost may bring the call here (README, "Calls across nodes"):
    // that is settled before the queue counts the page, so it finds the call. The queue's turn is
    // taken at once, so the page's first requests come after it; it waits inside for the answer
    // (asked outside any turn, so many pages arriving together are asked about at once).
    const settled = (whereabouts: Promise<unknown>): Promise<void> =>
      whereabouts.then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'could not tell where a page’s call is'),
      );
    if (principal.kind === 'customer') {
      const { ticketId } = principal;
      const arrived = settled(calls.failover.nodeForTicket(ticketId));
      queue.turns.background(async () => {
        await arrived;
        await queue.customers.connected(ticketId);
      });
      socket.on('disconnect', () => queue.turns.background(() => queue.customers.disconnected(ticketId)));
    } else if (mayAsk(principal, 'queue.serve')) {
      const { user } = principal;
      const arrived = settled(calls.failover.nodeForTeller(user.id));
      queue.turns.background(async () => {
        await arrived;
        await queue.tellers.connected(user);
      });
      socket.on('disconnect', () => queue.turns.background(() => queue.tellers.disconnected(user.id)));
    }
    if (mayAsk(principal, 'supervisor.board')) void socket.join(SUPERVISORS_CHANNEL);
    // A supervisor whose page goes stops monitoring (its media went with the socket's transports).
    if (principal.kind === 'staff' && mayAsk(principal, 'call.monitor')) {
      const { id } = principal.user;
      socket.on('disconnect', () => {
        calls.monitoring.disconnected(id);
        deps.monitorsElsewhere?.leave(id);
      });
    }
    // A staff page's requests keep its session from going idle, as its REST calls do.
    if (principal.kind === 'staff') {
      socket.onAny(() => {
        deps.callers
          .used(socket.handshake)
          .catch((error: unknown) => logger.warn({ err: error }, 'a staff session’s use was not recorded'));
      });
    }
    bindRequests(socket, handlersFor(principal, every), logger, limits);
  };
  const io = createSocketServer<Principal>(httpServer, {
    authenticate: (handshake) => deps.callers.ofHandshake(handshake),
    allowedOrigins: deps.allowedOrigins,
    connected,
    outgoingBufferBytes: deps.outgoingBufferBytes,
    adapter: deps.adapter,
    trustProxy: trustProxies(deps.trustedProxies),
    cutOff: (socket) =>
      logger.warn({ socketId: socket.id, kind: socket.data.principal.kind }, 'socket not reading: cut off'),
  });

  forwardServiceEvents(io, deps.serviceSessions, logger);
  forwardFaceEvents(io, deps.faceChecks);
  forwardChatEvents(io, deps.chat.chats, calls.registry);
  forwardLocationEvents(io, deps.locations);
  deps.faceChecks.customerSocket = (ticketId) => newestSocketOf(io, ticketChannel(ticketId));
  deps.board.hasAudience = deps.wholeBoard.publishes(() => channelSize(io, SUPERVISORS_CHANNEL) > 0);
  deps.board.on('board', (board) => io.to(SUPERVISORS_CHANNEL).emit('supervisor:board', board));
  return io;
}

/**
 * Disconnects every staff socket whose session has ended (signed out, revoked,
 * idle, expired, account disabled); its page then finds itself signed out.
 * Run periodically and at once when sessions are revoked.
 */
export async function disconnectEndedSessions(io: AppServer<Principal>, callers: Callers): Promise<void> {
  const staff = [...io.sockets.sockets.values()].filter((socket) => socket.data.principal.kind === 'staff');
  await Promise.all(
    staff.map(async (socket) => {
      if (!(await callers.stillSignedIn(socket.handshake))) socket.disconnect(true);
    }),
  );
}
