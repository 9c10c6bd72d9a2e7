import express from 'express';
import type { Logger } from 'pino';
import { loginRequestSchema, SESSION_COOKIE, type LoginResponse } from '../../shared/contracts/auth.js';
import { toFieldIssues } from '../../shared/contracts/errors.js';
import { actorOf, type AuditTrail } from '../audit/index.js';
import { AppError } from '../platform/errors.js';
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
  router.post('/api/auth/login', async (req, res) => {
    const parsed = loginRequestSchema.safeParse(req.body);
    if (!parsed.success)
      throw new AppError(
        'invalid_payload',
        'username and password are required',
        toFieldIssues(parsed.error),
      );
    const { username } = parsed.data;
    const { user, token } = await deps.staffAuth
      .login(username, parsed.data.password, req.ip ?? 'unknown')
      .catch((error: unknown) => {
        const code = error instanceof AppError ? error.code : 'internal';
        deps.audit.record({ userId: null, username }, 'staff.login_failed', null, {
          ip: req.ip ?? null,
          code,
        });
        throw error;
      });
    deps.audit.record(actorOf(user), 'staff.login', user.id, { ip: req.ip ?? null, role: user.role });
    deps.logger.info({ user: user.username, role: user.role }, 'staff login');
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      maxAge: deps.sessionTtlMs,
      path: '/',
    });
    const body: LoginResponse = { user, token };
    res.json(body);
  });

  router.post('/api/auth/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/api/auth/me', (req, res) => {
    res.json({ user: deps.callers.requireStaff(req, 'staff.session') });
  });
  return router;
}
