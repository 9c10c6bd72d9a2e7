import express from 'express';
import type { Logger } from 'pino';
import { SESSION_COOKIE } from '../../shared/contracts/auth.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { actorOf, type AuditTrail } from '../audit/index.js';
import { AppError } from '../platform/errors.js';
import { bindRoute } from '../platform/http/route-binder.js';
import type { Callers } from './callers.js';
import type { StaffAuth } from './staff-auth.js';

/** Staff sign-in, sign-out and who is signed in; every sign-in, good or bad, goes to the audit chain. */
export function identityRoutes(deps: {
  staffAuth: StaffAuth;
  callers: Callers;
  audit: AuditTrail;
  sessionTtlMs: number;
  logger: Logger;
}): express.Router {
  const router = express.Router();
  bindRoute(router, restRoutes.login, async ({ body }, req, res) => {
    const { username } = body;
    const { user, token } = await deps.staffAuth
      .login(username, body.password, req.ip ?? 'unknown')
      .catch((error: unknown) => {
        const code = error instanceof AppError ? error.code : 'internal';
        deps.audit.write({ userId: null, username }, 'staff.login_failed', null, {
          ip: req.ip ?? null,
          code,
        });
        throw error;
      });
    deps.audit.write(actorOf(user), 'staff.login', user.id, { ip: req.ip ?? null, role: user.role });
    deps.logger.info({ user: user.username, role: user.role }, 'staff login');
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      maxAge: deps.sessionTtlMs,
      path: '/',
    });
    return { user, token };
  });

  bindRoute(router, restRoutes.logout, (_input, req, res) => {
    const leaving = deps.callers.ofRequest(req, 'staff');
    if (leaving) deps.audit.write(actorOf(leaving.user), 'staff.logout', leaving.user.id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  });

  bindRoute(router, restRoutes.me, {
    caller: (req) => deps.callers.requireStaff(req, 'staff.session'),
    handle: ({ caller }) => ({ user: caller }),
  });
  return router;
}
