import { readSession, writeSession } from '../common/storage.js';

// sessionStorage: a reload keeps the place in the queue, a new tab does not.
const KEY = 'skyteller.ticketToken';

export const loadTicketToken = (): string | null => readSession(KEY);
export const saveTicketToken = (token: string): void => writeSession(KEY, token);
export const clearTicketToken = (): void => writeSession(KEY, null);
