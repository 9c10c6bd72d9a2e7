import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { SERVICES } from '../../shared/catalog/services.js';
import { SERVICE_LANGUAGES } from '../../shared/catalog/languages.js';
import { loginRequestSchema, SESSION_COOKIE, type LoginResponse } from '../../shared/contracts/auth.js';
import { toFieldIssues, type ErrorCode } from '../../shared/contracts/errors.js';
import type { CreateTicketResponse } from '../../shared/contracts/ticket.js';
import type { StaffAuth } from '../auth/staff-auth.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { CounterService } from '../app/counter-service.js';
import { AppError, toErrorBody } from '../errors.js';
import { staffOf } from './staff-guard.js';
import { faceRoutes, type FaceRoutesDeps } from './face-routes.js';
import { vipRoutes } from './vip-routes.js';
import { auditRoutes } from './audit-routes.js';
import { auditCallRoutes } from './audit-call-routes.js';
import { recordingRoutes } from './recording-routes.js';
import type { Auditing } from '../app/auditing-setup.js';
import { actorOf, type AuditTrail } from '../app/audit-trail.js';
import type { VipRepo } from '../store/vip-repo.js';
import type { ServiceDesk } from '../app/service-desk.js';
import { serviceRoutes } from './service-routes.js';

export interface HttpDeps {
  counter: CounterService;
  desk: ServiceDesk;
  vip: VipRepo;
  audit: AuditTrail;
  staffAuth: StaffAuth;
  tokens: TokenSigner;
  metrics: Registry;
  health: () => { workers: number; routers: number; mediasoupVersion: string };
  clientDir: string;
  sessionTtlMs: number;
  logger: Logger;
  clock: () => number;
  face: Pick<FaceRoutesDeps, 'references' | 'calls'>;
  auditing: Pick<Auditing, 'auditDesk' | 'recordingFiles'>;
}

const TICKET_TTL_MS = 24 * 3_600_000;
const STATUS_OF: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  rate_limited: 429,
  timeout: 504,
  media_error: 502,
  internal: 500,
  completion_refused: 409,
  signature_rejected: 422,
  document_rejected: 415,
  image_type: 415,
  image_too_large: 413,
  image_unreadable: 422,
  face_none: 422,
  face_multiple: 422,
  face_engine_failed: 503,
  face_attempts_exhausted: 429,
  record_unreadable: 400,
  face_reference_missing: 409,
  face_frame_refused: 409,
  recording_purged: 410,
  range_not_satisfiable: 416,
};

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);
  app.use(express.json({ limit: '64kb' }));

  app.get('/healthz', (_req, res) => {
    const { workers, routers, mediasoupVersion } = deps.health();
    res.status(workers > 0 ? 200 : 503).json({
      status: workers > 0 ? 'ok' : 'degraded',
      workers,
      routers,
      nodeVersion: process.version,
      mediasoupVersion,
    });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });

  app.get('/api/catalog', (_req, res) => {
    res.json({ services: SERVICES, languages: SERVICE_LANGUAGES });
  });

  app.post('/api/tickets', (req, res) => {
    const ticket = deps.counter.createTicket(req.body);
    const ticketToken = deps.tokens.sign({
      kind: 'ticket',
      sub: ticket.id,
      exp: deps.clock() + TICKET_TTL_MS,
    });
    const body: CreateTicketResponse = { ticketToken, ticket: deps.counter.ticketView(ticket.id) };
    res.status(201).json(body);
  });

  app.post('/api/auth/login', async (req, res) => {
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

  app.post('/api/auth/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  app.get('/api/auth/me', (req, res) => {
    const user = staffOf(req, deps.staffAuth);
    if (!user) throw new AppError('unauthorized', 'not logged in');
    res.json({ user });
  });

  app.use('/api/vip-customers', vipRoutes(deps));
  app.use('/api/audit', auditRoutes(deps));
  app.use('/api/audit', auditCallRoutes({ ...deps, ...deps.auditing }));
  app.use('/api/recordings', recordingRoutes({ ...deps, files: deps.auditing.recordingFiles }));
  app.use(serviceRoutes(deps));
  app.use('/api', faceRoutes({ ...deps, ...deps.face }));

  app.use('/api', () => {
    throw new AppError('not_found', 'no such API route');
  });

  serveClient(app, deps.clientDir);
  app.use(errorHandler(deps.logger));
  return app;
}

/** The built browser apps: `/` is the customer page, `/teller/` the teller's. */
function serveClient(app: express.Express, clientDir: string): void {
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.get('/', (_req, res) => {
      res.status(503).type('text').send('The browser apps are not built: run `npm start`.');
    });
    return;
  }
  // Non-strict routing matches '/teller/' here too; only the bare path redirects.
  for (const page of ['teller', 'supervisor', 'auditor']) {
    app.get(`/${page}`, (req, res, next) => {
      if (req.path.endsWith('/')) return next();
      res.redirect(301, `/${page}/`);
    });
  }
  app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml }));
}

function noCacheForHtml(res: Response, filePath: string): void {
  if (filePath.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=()');
  next();
}

function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const parserError = error as { type?: string; status?: number };
    let appError: AppError | undefined;
    if (error instanceof AppError) appError = error;
    else if (parserError.type === 'entity.parse.failed')
      appError = new AppError('invalid_payload', 'the body is not valid JSON');
    else if (parserError.type === 'entity.too.large')
      appError = new AppError('invalid_payload', 'the body is too large');
    else logger.error({ err: error }, 'request failed');
    const body = toErrorBody(appError ?? error);
    res.status(STATUS_OF[body.code]).json({ error: body });
  };
}
