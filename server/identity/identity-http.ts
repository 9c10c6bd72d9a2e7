import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { SESSION_COOKIE, type LoginResponse } from '../../shared/contracts/auth.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { actorOf, type AuditTrail } from '../audit/index.js';
import { AppError } from '../platform/errors.js';
import { readCookie } from '../platform/http/cookies.js';
import { bindRoute } from '../platform/http/route-binder.js';
import type { Callers } from './callers.js';
import type { RateLimitedLogins } from './rate-limited-logins.js';
import type { SignInResult, StaffAuth } from './staff-auth.js';

// A browser-session cookie: scripts cannot read it, other sites cannot send it,
// and the server decides how long the session behind it lasts.
const COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: 'strict', path: '/' } as const;

const sessionOf = (req: Request): string | undefined => readCookie(req.get('cookie'), SESSION_COOKIE);

/** The new session goes into the cookie; the body says only who and what comes next. */
function answer(res: Response, result: SignInResult): LoginResponse {
  res.cookie(SESSION_COOKIE, result.sessionId, COOKIE_OPTIONS);
  return { user: result.user, next: result.stage };
}

/**
 * Staff sign-in, its further steps (new password, second factor), sign-out
 * and who is signed in; every sign-in and step, good or bad, goes to the audit chain.
 */
export function identityRoutes(deps: {
  staffAuth: StaffAuth;
  callers: Callers;
  audit: AuditTrail;
  logger: Logger;
  rateLimitedLogins: RateLimitedLogins;
  clock: () => number;
}): express.Router {
  const router = express.Router();
  const ip = (req: Request) => req.ip ?? null;

  bindRoute(router, restRoutes.login, async ({ body }, req, res) => {
    const { username } = body;
    const result = await deps.staffAuth
      .login(username, body.password, req.ip ?? 'unknown')
      .catch(async (error: unknown) => {
        const code = error instanceof AppError ? error.code : 'internal';
        // A flood refused by the rate limit is counted, one entry per address and window.
        if (code === 'rate_limited')
          deps.rateLimitedLogins.refused(ip(req) ?? 'unknown', username, deps.clock());
        else
          await deps.audit.write({ userId: null, username }, 'staff.login_failed', null, {
            ip: ip(req),
            code,
          });
        throw error;
      });
    const { user } = result;
    await deps.audit.write(actorOf(user), 'staff.login', user.id, {
      ip: ip(req),
      role: user.role,
      next: result.stage,
    });
    deps.logger.info({ user: user.username, role: user.role, next: result.stage }, 'staff login');
    return answer(res, result);
  });

  bindRoute(router, restRoutes.logout, async (_input, req, res) => {
    const user = await deps.staffAuth.logout(sessionOf(req));
    if (user) await deps.audit.write(actorOf(user), 'staff.logout', user.id, { ip: ip(req) });
    res.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
  });

  bindRoute(router, restRoutes.me, {
    caller: (req) => deps.callers.requireStaff(req, 'staff.session'),
    handle: ({ caller }) => ({ user: caller }),
  });

  bindRoute(router, restRoutes.changePassword, async ({ body }, req, res) => {
    const result = await deps.staffAuth.changePassword(sessionOf(req), body);
    await deps.audit.write(actorOf(result.user), 'staff.password_changed', result.user.id, { ip: ip(req) });
    return answer(res, result);
  });

  bindRoute(router, restRoutes.secondFactor, async ({ body }, req, res) => {
    const session = sessionOf(req);
    const result = await deps.staffAuth.giveSecondFactor(session, body.code).catch(async (error: unknown) => {
      const code = error instanceof AppError ? error.code : 'internal';
      const who = await deps.staffAuth.sessionOwner(session);
      if (who)
        await deps.audit.write(actorOf(who), 'staff.second_factor_failed', who.id, { ip: ip(req), code });
      throw error;
    });
    if (result.used === 'recovery_code') {
      await deps.audit.write(actorOf(result.user), 'staff.recovery_code_used', result.user.id, {
        ip: ip(req),
      });
    }
    await deps.audit.write(actorOf(result.user), 'staff.login', result.user.id, {
      ip: ip(req),
      role: result.user.role,
      next: result.stage,
      secondFactor: result.used,
    });
    return answer(res, result);
  });

  bindRoute(router, restRoutes.startEnrolment, (_input, req) =>
    deps.staffAuth.startEnrolment(sessionOf(req)),
  );

  bindRoute(router, restRoutes.confirmEnrolment, async ({ body }, req, res) => {
    const result = await deps.staffAuth.confirmEnrolment(sessionOf(req), body.code);
    await deps.audit.write(actorOf(result.user), 'staff.second_factor_enrolled', result.user.id, {
      ip: ip(req),
    });
    return { ...answer(res, result), recoveryCodes: result.recoveryCodes };
  });
  return router;
}
