import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicket, httpRequest, login, sampleTicket } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PAGES = ['/', '/teller/', '/supervisor/', '/auditor/', '/admin/'];

/** A socket.io handshake as a page of `origin` would make it; resolves with how it ended. */
function handshakeFrom(server: TestServer, origin: string): Promise<'connected' | 'refused'> {
  const socket = io(server.url, {
    ca: server.ca,
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { origin },
    auth: {},
  });
  return new Promise((resolve) => {
    socket.once('connect_error', (error: Error & { description?: number }) => {
      socket.close();
      // socket.io refuses an unknown principal after the handshake; a refused origin never gets that far.
      resolve(error.message === 'unauthorized' ? 'connected' : 'refused');
    });
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
  });
}

describe('browser-facing defences', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('refuses a state-changing request from another origin, and takes one from its own', async () => {
    const own = new URL(server.url).origin;
    const foreign = await httpRequest<{ error: { code: string } }>(server, 'POST', '/api/tickets', {
      json: sampleTicket(),
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('cross_origin');
    const crossSite = await httpRequest(server, 'POST', '/api/auth/login', {
      json: { username: 'teller1', password: 'x' },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const ownPage = await httpRequest(server, 'POST', '/api/tickets', {
      json: sampleTicket(),
      headers: { origin: own },
    });
    expect(ownPage.status).toBe(201);
    // A command-line client sends no Origin: nothing of a browser's to ride on.
    await expect(createTicket(server)).resolves.toHaveProperty('ticket');
    // Reading is not refused: a GET changes nothing.
    const read = await httpRequest(server, 'GET', '/api/catalog', {
      headers: { origin: 'https://evil.example' },
    });
    expect(read.status).toBe(200);
  });

  it('refuses a socket handshake from another origin', async () => {
    expect(await handshakeFrom(server, 'https://evil.example')).toBe('refused');
    expect(await handshakeFrom(server, new URL(server.url).origin)).toBe('connected');
    expect(await handshakeFrom(server, `https://localhost:${server.port}`)).toBe('connected');
  });

  it('sends a Content-Security-Policy without inline script, no framing and HSTS on every page', async () => {
    for (const page of PAGES) {
      const res = await httpRequest(server, 'GET', page);
      expect(res.status, page).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, page).toContain("frame-ancestors 'none'");
      expect(csp, page).toMatch(/script-src 'self'(;|$)/);
      expect(csp, page).not.toContain('unsafe-inline');
      expect(String(res.headers['strict-transport-security'])).toContain('includeSubDomains');
    }
  });

  it('keeps /metrics to the monitoring addresses', async () => {
    expect((await httpRequest(server, 'GET', '/metrics')).status).toBe(200);
  });

  it('makes the data folder its owner’s only', () => {
    expect(fs.statSync(server.dataDir).mode & 0o777).toBe(0o700);
    // The SQLite file, where the data is in one (on PostgreSQL there is none to protect).
    const file = path.join(server.dataDir, 'skyteller.db');
    if (server.config.databaseUrl === undefined) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    else expect(fs.existsSync(file)).toBe(false);
  });

  it('believes X-Forwarded-For from no one unless told', async () => {
    await login(server, 'teller1');
    const spoofed = await httpRequest(server, 'POST', '/api/auth/login', {
      json: { username: 'teller1', password: 'demo-password-for-tests' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(spoofed.status).toBe(200);
    const ips = (
      await server.kysely
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'staff.login')
        .orderBy('seq')
        .execute()
    ).map((row) => (JSON.parse(row.details) as { ip: string }).ip);
    expect(ips).not.toContain('203.0.113.9');
  });
});

describe('behind configured proxies and a metrics allow-list', () => {
  let server: TestServer;
  let tokenFile: string;
  beforeAll(async () => {
    tokenFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-metrics-')), 'token');
    fs.writeFileSync(tokenFile, Buffer.alloc(32, 9).toString('base64'), { mode: 0o600 });
    server = await startTestServer({
      SKYTELLER_TRUSTED_PROXIES: 'loopback',
      SKYTELLER_METRICS_ADDRESSES: '10.0.0.0/8',
      SKYTELLER_METRICS_TOKEN_FILE: tokenFile,
      SKYTELLER_ALLOWED_ORIGINS: 'https://counter.example.com',
    });
  });
  afterAll(() => server.close());

  it('takes the client address from a trusted proxy', async () => {
    const res = await httpRequest(server, 'POST', '/api/auth/login', {
      json: { username: 'teller1', password: 'demo-password-for-tests' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(res.status).toBe(200);
    const row = await server.kysely
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'staff.login')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.details)).toMatchObject({ ip: '203.0.113.9' });
  });

  it('answers /metrics only to its addresses or with the token', async () => {
    const refused = await httpRequest<{ error: { code: string } }>(server, 'GET', '/metrics');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    const scraped = await httpRequest(server, 'GET', '/metrics', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(scraped.status).toBe(200);
    expect(String(scraped.body)).toContain('skyteller_calls_in_progress');
  });

  it('takes pages of the configured public origin only', async () => {
    expect(await handshakeFrom(server, 'https://counter.example.com')).toBe('connected');
    expect(await handshakeFrom(server, new URL(server.url).origin)).toBe('refused');
  });
});
