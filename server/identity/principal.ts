import { SESSION_COOKIE, type StaffUser } from '../../shared/contracts/auth.js';
import { readCookie } from '../platform/http/cookies.js';
import type { Handshake } from '../platform/socket/socket-server.js';
import type { StaffAuth } from './staff-auth.js';
import type { TokenSigner } from './tokens.js';

/** Who is behind a socket or request. */
export type Principal = { kind: 'customer'; ticketId: string } | { kind: 'staff'; user: StaffUser };

/** The socket.io channel (room) every socket of one customer ticket or one staff user joins. */
export function principalChannel(principal: Principal): string {
  return principal.kind === 'customer' ? ticketChannel(principal.ticketId) : staffChannel(principal.user.id);
}

export const ticketChannel = (ticketId: string): string => `ticket:${ticketId}`;
export const staffChannel = (userId: string): string => `staff:${userId}`;

/** Who a connecting socket is: a customer by its ticket token, staff by session token or cookie. */
export function socketPrincipal(
  { auth, headers }: Handshake,
  deps: { tokens: TokenSigner; staffAuth: StaffAuth; now: number },
): Principal | undefined {
  if (auth.ticketToken !== undefined) {
    const claims = deps.tokens.verify(auth.ticketToken, 'ticket', deps.now);
    return claims && { kind: 'customer', ticketId: claims.sub };
  }
  const user = deps.staffAuth.authenticate(auth.token ?? readCookie(headers.cookie, SESSION_COOKIE));
  return user && { kind: 'staff', user };
}
