import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type express from 'express';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { createHttpApp } from '../platform/http/http-app.js';
import { mountHttpRoutes, type HttpRoutesDeps } from './http-routes.js';

/** The browser pages' own routes: HTML, not REST. */
const PAGE_ROUTES = ['GET /teller', 'GET /supervisor', 'GET /auditor', 'GET /admin'];

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: Layer[] };
  handle: { stack?: Layer[] };
  name: string;
  rawPath?: string;
}

interface Registered {
  route: string;
  /** The name of the route's last handler; the contract binder's is `contractBound`. */
  handler: string | undefined;
}

/** Every route in an express stack, mounted routers included. */
function registered(stack: Layer[], prefix = ''): Registered[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { route } = layer;
      return Object.keys(route.methods).map((method) => ({
        route: `${method.toUpperCase()} ${prefix}${route.path}`,
        handler: route.stack.at(-1)?.name,
      }));
    }
    if (!layer.handle.stack) return [];
    const mount = layer.rawPath === undefined || layer.rawPath === '/' ? '' : layer.rawPath;
    return registered(layer.handle.stack, prefix + mount);
  });
}

let clientDir: string;
let routes: Registered[];

beforeAll(() => {
  // With built pages, so their routes are there too and must be told apart.
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-pages-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html>');
  // The route factories only keep their dependencies: nothing is called before a request comes.
  const deps = {
    auditing: {},
    face: {},
    limits: { ticketsPerAddressPerMinute: 1, ticketsPerMinute: 1 },
  } as unknown as HttpRoutesDeps;
  const app = createHttpApp({
    mount: (http) => mountHttpRoutes(http, deps),
    metrics: new Registry(),
    health: () => ({ workers: 1 }),
    clientDir,
    allowedOrigins: () => [],
    trustedProxies: [],
    metricsAccess: { addresses: ['loopback'], token: undefined },
    logger: pino({ level: 'silent' }),
  });
  const stack = (app as express.Express & { router: { stack: Layer[] } }).router.stack;
  routes = registered(stack).filter(({ route }) => !PAGE_ROUTES.includes(route));
});
afterAll(() => fs.rmSync(clientDir, { recursive: true, force: true }));

describe('the REST contract table', () => {
  it('lists exactly the routes the server registers, with their methods', () => {
    const served = routes.map(({ route }) => route);
    const contracted = Object.values(restRoutes).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(served.length).toBeGreaterThan(20);
    expect(new Set(served).size).toBe(served.length);
    expect(served.sort()).toEqual(contracted.sort());
  });

  it('is what every /api route is validated with: each is registered by the contract binder', () => {
    const api = routes.filter(({ route }) => route.includes(' /api/'));
    expect(api.length).toBeGreaterThan(15);
    expect(api.filter(({ handler }) => handler !== 'contractBound')).toEqual([]);
  });
});
