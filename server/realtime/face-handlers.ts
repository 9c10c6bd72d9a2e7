import type { Principal } from '../app/counter-service.js';
import type { FaceCheckDesk } from '../app/face-check-desk.js';
import { AppError } from '../errors.js';
import { staffRoom } from './principal.js';
import type { RequestHandlers } from './request-binder.js';
import type { AppServer } from './socket-server.js';

/** The customer's side of a face check: only frames. There is no request that reports a result. */
export function faceCustomerHandlers(desk: FaceCheckDesk): RequestHandlers {
  return {
    'face:frame': (frame, principal, { socketId }) => desk.frame(principal, socketId, frame),
  };
}

export function faceTellerHandlers(desk: FaceCheckDesk): RequestHandlers {
  // The desk checks the role and the call; this only narrows the principal to a staff user.
  const tellerOf = (principal: Principal) => {
    if (principal.kind !== 'staff') throw new AppError('forbidden', 'tellers only');
    return principal.user;
  };
  return {
    'face:start': ({ callId }, principal) => desk.start(tellerOf(principal), callId),
    'face:decide': ({ callId, checkId, decision }, principal) =>
      desk.decide(tellerOf(principal), callId, checkId, decision),
  };
}

/** The desk's pushes: the challenge to the one customer socket asked, progress and results to the teller. */
export function forwardFaceEvents(io: AppServer, desk: FaceCheckDesk): void {
  desk.on('challenge', (socketId, challenge) => io.to(socketId).emit('face:challenge', challenge));
  desk.on('challengeEnded', (socketId, event) => io.to(socketId).emit('face:challengeEnded', event));
  desk.on('progress', (tellerId, progress) => io.to(staffRoom(tellerId)).emit('face:progress', progress));
  desk.on('result', (tellerId, result) => io.to(staffRoom(tellerId)).emit('face:result', result));
}

/** The newest connected socket of a ticket: the page the customer is looking at now. */
export function newestSocketOf(io: AppServer, room: string): string | undefined {
  const sockets = io.sockets.adapter.rooms.get(room);
  return sockets ? [...sockets].at(-1) : undefined;
}
