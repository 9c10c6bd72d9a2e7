import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AppError, toErrorBody } from '../errors.js';
import { statusOf } from './error-status.js';
import { originGuard, permissionsPolicy, securityHeaders } from './browser-defences.js';
import { trustProxies } from './client-address.js';
import { declaredLengthGuard, stackErrorCode } from './body-guard.js';
import { addressRateLimit } from './address-rate-limit.js';

/** The largest JSON body any route takes; uploads declare their own limits in their contracts. */
export const JSON_BODY_LIMIT = 64 * 1024;

export interface HttpAppOptions {
  /** The features' routes, mounted after the platform's own and before the pages. */
  mount(app: express.Express): void;
  metrics: Registry;
  /**
   * What /healthz reports; `workers` 0 means degraded, `draining` (the node is stopping) means the
   * load balancer is to send it nobody new: both answer 503.
   */
  health: () => { workers: number; draining?: boolean } & Record<string, unknown>;
  clientDir: string;
  logger: Logger;
  /** Origins whose pages may change state (read when asked: the port is known after listen). */
  allowedOrigins: () => readonly string[];
  /** Proxies whose X-Forwarded-* headers are believed. */
  trustedProxies: readonly string[];
  /** Who may scrape /metrics. */
  metricsAccess: { addresses: readonly string[]; token: string | undefined };
  /**
   * A node-to-node endpoint (the router links' `POST /internal/router-link`): it checks its own
   * signature, so it is mounted ahead of the origin check and the JSON parser, and reads its own
   * body. Unset: the path is not served.
   */
  internal?: { path: string; handle(req: Request, res: Response): Promise<void> };
}

/** Node-to-node requests per peer address and overall: pings every 2 s per peer, and the links' own. */
const INTERNAL_PER_ADDRESS_PER_MINUTE = 1200;
const INTERNAL_PER_MINUTE = 6000;

/** Express with what every route shares: headers, JSON bodies, health, metrics, pages, and error bodies. */
export function createHttpApp(options: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxies(options.trustedProxies));
  app.use(securityHeaders(), permissionsPolicy);
  if (options.internal) mountInternal(app, options.internal);
  app.use(originGuard(options.allowedOrigins));
  app.use(declaredLengthGuard(JSON_BODY_LIMIT, (req) => req.is('json') !== false));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));

  app.get('/healthz', (_req, res) => {
    const health = options.health();
    const status = health.draining ? 'draining' : health.workers > 0 ? 'ok' : 'degraded';
    // The running Node is the platform's to tell: operators check it against the supported line.
    res.status(status === 'ok' ? 200 : 503).json({ status, ...health, nodeVersion: process.version });
  });

  app.get('/metrics', metricsGuard(options.metricsAccess), async (_req, res) => {
    res.type(options.metrics.contentType).send(await options.metrics.metrics());
  });

  options.mount(app);

  app.use('/api', () => {
    throw new AppError('not_found', 'no such API route');
  });

  serveClient(app, options.clientDir);
  app.use(errorHandler(options.logger));
  return app;
}

function mountInternal(app: express.Express, internal: NonNullable<HttpAppOptions['internal']>): void {
  const limited = addressRateLimit({
    what: 'node-to-node requests',
    perAddress: INTERNAL_PER_ADDRESS_PER_MINUTE,
    overall: INTERNAL_PER_MINUTE,
    windowSeconds: 60,
  });
  // The exact path only: Express's own matching ignores case, haproxy's deny does not.
  app.use((req, res, next) => {
    if (req.path !== internal.path) return next();
    limited(req, res, (error?: unknown) => {
      if (error) return next(error);
      internal.handle(req, res).catch(next);
    });
  });
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
  for (const page of ['teller', 'supervisor', 'auditor', 'admin']) {
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

/** Metrics tell call volumes and queue lengths: only the monitoring system may read them. */
function metricsGuard(access: HttpAppOptions['metricsAccess']): RequestHandler {
  const fromAllowedAddress = trustProxies(access.addresses);
  const expected = access.token === undefined ? undefined : Buffer.from(`Bearer ${access.token}`);
  return (req, _res, next) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    const tokenMatches =
      expected !== undefined && given.length === expected.length && crypto.timingSafeEqual(given, expected);
    if (tokenMatches || fromAllowedAddress(req.ip ?? '', 0)) return next();
    next(new AppError('forbidden', 'metrics are for the monitoring system'));
  };
}

function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    let appError: AppError | undefined;
    const stackCode = stackErrorCode(error);
    if (error instanceof AppError) appError = error;
    else if (stackCode) appError = new AppError(stackCode, stackMessage(stackCode));
    else logger.error({ err: error }, 'request failed');
    const body = toErrorBody(appError ?? error);
    if (body.code === 'payload_too_large') res.setHeader('Connection', 'close');
    res.status(statusOf(body.code)).json({ error: body });
  };
}

/** Fixed words for what the HTTP stack refused: its own messages may quote what the client sent. */
function stackMessage(code: string): string {
  if (code === 'payload_too_large') return 'the body is too large';
  if (code === 'unsupported_media_type') return 'the body is in a type, charset or encoding not accepted';
  if (code === 'request_timeout') return 'the request took too long to arrive';
  return 'the request could not be read';
}
