import type { ApiKeyScope } from '../../shared/contracts/admin.js';
import type { StaffUser } from '../../shared/contracts/auth.js';

/** Who is behind a socket or request (see callers.ts); what it may do is the policy's (policy/). */
export type Principal = { kind: 'customer'; ticketId: string } | { kind: 'staff'; user: StaffUser };

/** An institution's system calling a REST route with an API key; never a socket, never a call's side. */
export interface ApiKeyPrincipal {
  kind: 'api_key';
  key: { id: string; name: string; scopes: readonly ApiKeyScope[] };
}

/** Anyone a REST route may find calling. */
export type Caller = Principal | ApiKeyPrincipal;

/** The socket.io channel (room) every socket of one customer ticket or one staff user joins. */
export function principalChannel(principal: Principal): string {
  return principal.kind === 'customer' ? ticketChannel(principal.ticketId) : staffChannel(principal.user.id);
}

export const ticketChannel = (ticketId: string): string => `ticket:${ticketId}`;
export const staffChannel = (userId: string): string => `staff:${userId}`;
