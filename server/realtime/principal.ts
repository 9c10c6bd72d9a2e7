import type { Principal } from '../app/counter-service.js';

/** The socket.io room every socket of one customer ticket or one staff user joins. */
export function principalRoom(principal: Principal): string {
  return principal.kind === 'customer' ? `ticket:${principal.ticketId}` : `staff:${principal.user.id}`;
}

export const ticketRoom = (ticketId: string): string => `ticket:${ticketId}`;
export const staffRoom = (userId: string): string => `staff:${userId}`;
