import type { StaffUser } from '../../shared/contracts/auth.js';

/** Who is behind a socket or request (see callers.ts); what it may do is the policy's (policy/). */
export type Principal = { kind: 'customer'; ticketId: string } | { kind: 'staff'; user: StaffUser };

/** The socket.io channel (room) every socket of one customer ticket or one staff user joins. */
export function principalChannel(principal: Principal): string {
  return principal.kind === 'customer' ? ticketChannel(principal.ticketId) : staffChannel(principal.user.id);
}

export const ticketChannel = (ticketId: string): string => `ticket:${ticketId}`;
export const staffChannel = (userId: string): string => `staff:${userId}`;
