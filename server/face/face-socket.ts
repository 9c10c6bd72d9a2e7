import { asStaff, staffChannel, type Principal } from '../identity/index.js';
import type { FaceChecks } from './face-checks.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';
import type { AppServer } from '../platform/socket/socket-server.js';

/** The customer's side of a face check: only frames. There is no request that reports a result. */
export function faceCustomerHandlers(checks: FaceChecks): RequestHandlers<Principal> {
  return {
    'face:frame': (frame, principal, { socketId }) => checks.frame(principal, socketId, frame),
  };
}

export function faceTellerHandlers(checks: FaceChecks): RequestHandlers<Principal> {
  // The checks check the call; this narrows the principal to the staff user asking.
  const tellerOf = (principal: Principal) => asStaff(principal, 'face.check');
  return {
    'face:start': ({ callId }, principal) => checks.start(tellerOf(principal), callId),
    'face:decide': ({ callId, checkId, decision }, principal) =>
      checks.decide(tellerOf(principal), callId, checkId, decision),
  };
}

/** The checks's pushes: the challenge to the one customer socket asked, progress and results to the teller. */
export function forwardFaceEvents(io: AppServer<Principal>, checks: FaceChecks): void {
  checks.on('challenge', (socketId, challenge) => io.to(socketId).emit('face:challenge', challenge));
  checks.on('challengeEnded', (socketId, event) => io.to(socketId).emit('face:challengeEnded', event));
  checks.on('outcome', (socketId, outcome) => io.to(socketId).emit('face:outcome', outcome));
  checks.on('progress', (tellerId, progress) =>
    io.to(staffChannel(tellerId)).emit('face:progress', progress),
  );
  checks.on('result', (tellerId, result) => io.to(staffChannel(tellerId)).emit('face:result', result));
}
