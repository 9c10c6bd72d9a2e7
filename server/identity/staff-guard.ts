import type { Request } from 'express';
import { SESSION_COOKIE, type StaffRole, type StaffUser } from '../../shared/contracts/auth.js';
import type { StaffAuth } from './staff-auth.js';
import { AppError } from '../platform/errors.js';
import { readCookie } from '../platform/http/cookies.js';

/** The staff user behind a request (bearer token or session cookie), or undefined. */
export function staffOf(req: Request, staffAuth: StaffAuth): StaffUser | undefined {
  const bearer = req.get('authorization')?.replace(/^Bearer\s+/i, '');
  return staffAuth.authenticate(bearer ?? readCookie(req.get('cookie'), SESSION_COOKIE));
}

/** The request's staff user if it has one of `roles`; 401 when nobody is logged in, 403 for another role. */
export function requireStaff(req: Request, staffAuth: StaffAuth, roles: readonly StaffRole[]): StaffUser {
  const user = staffOf(req, staffAuth);
  if (!user) throw new AppError('unauthorized', 'not logged in');
  if (!roles.includes(user.role)) throw new AppError('forbidden', `for ${roles.join(' and ')} only`);
  return user;
}
