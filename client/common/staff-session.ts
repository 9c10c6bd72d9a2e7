import type { StaffUser } from '../../shared/contracts/auth.js';
import { readSession, writeSession } from './storage.js';

// sessionStorage: closing the tab signs the staff member out of this browser.
const TOKEN_KEY = 'skyteller.staffToken';
const USER_KEY = 'skyteller.staffUser';

export interface StaffSession {
  token: string;
  user: StaffUser | null;
}

export function loadSession(): StaffSession | null {
  const token = readSession(TOKEN_KEY);
  if (!token) return null;
  let user: StaffUser | null = null;
  try {
    user = JSON.parse(readSession(USER_KEY) ?? 'null') as StaffUser | null;
  } catch {
    user = null;
  }
  return { token, user };
}

export function saveSession(token: string, user: StaffUser): void {
  writeSession(TOKEN_KEY, token);
  writeSession(USER_KEY, JSON.stringify(user));
}

export function clearSession(): void {
  writeSession(TOKEN_KEY, null);
  writeSession(USER_KEY, null);
}
