import { staffChannel, type Principal } from '../identity/index.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { CallLocations } from './call-locations.js';

/** The customer's report (its address is the socket's, never what the page says) and the teller's look. */
export function locationHandlers(locations: CallLocations): RequestHandlers<Principal> {
  return {
    'location:report': ({ callId, browser }, principal, { clientAddress }) =>
      locations.report(principal, callId, clientAddress, browser),
    'location:view': ({ callId }, principal) => locations.view(principal, callId),
  };
}

/** The location to the call's teller as soon as it is known. */
export function forwardLocationEvents(io: AppServer<Principal>, locations: CallLocations): void {
  locations.on('update', (tellerId, view) => io.to(staffChannel(tellerId)).emit('location:update', view));
}
