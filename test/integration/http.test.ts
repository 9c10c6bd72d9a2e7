import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/contracts/auth.js';
import { connect, createTicket, httpRequest, request, sampleTicket } from '../support/clients.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';
import { rowCount } from '../support/tamper.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ SKYTELLER_LOGIN_ATTEMPTS_PER_MINUTE: '5' });
});
afterAll(async () => {
  await server.close();
});

describe('HTTP API', () => {
  it('refuses to start with a record-signing P12 it cannot use, naming the setting', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-p12-'));
    fs.writeFileSync(path.join(dataDir, 'broken.p12'), 'not a PKCS#12 file');
    await expect(
      startTestServer({ SKYTELLER_SIGNING_P12: path.join(dataDir, 'broken.p12') }, { dataDir }),
    ).rejects.toMatchObject({ problems: [{ variable: 'SKYTELLER_SIGNING_P12' }] });
  });

  it('reports health and Prometheus metrics', async () => {
    const health = await httpRequest(server, 'GET', '/healthz');
    expect(health).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        workers: 1,
        routers: 0,
        nodeVersion: process.version,
        mediasoupVersion: expect.stringMatching(/^3\.\d+\.\d+$/),
      },
    });
    await createTicket(server);
    const metrics = await httpRequest<string>(server, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^skyteller_waiting_customers 1$/m);
    expect(metrics.body).toMatch(/^skyteller_calls_in_progress 0$/m);
    expect(metrics.body).toMatch(/^skyteller_mediasoup_workers 1$/m);
  });

  it('creates a ticket, logs the recording consent, and lets the ticket token open a socket', async () => {
    const created = await createTicket(server, { fullName: 'Consent Check' });
    expect(created.ticket).toMatchObject({ status: 'waiting', callId: null });
    const socket = await connect(server, { ticketToken: created.ticketToken });
    const status = await request(socket, 'ticket:status', {});
    expect(status.ticket.ticketId).toBe(created.ticket.ticketId);
    socket.close();
    const events = await server.kysely
      .selectFrom('call_events')
      .select(['type', 'actor'])
      .where('ticket_id', '=', created.ticket.ticketId)
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { type: 'consent.recording', actor: 'customer' },
      { type: 'queue.joined', actor: 'customer' },
    ]);
  });

  it('refuses an invalid join form with a code per field and stores nothing', async () => {
    const count = () => rowCount(server.kysely, 'tickets');
    const before = await count();
    const res = await httpRequest<{ error: { code: string; issues: { path: string; code: string }[] } }>(
      server,
      'POST',
      '/api/tickets',
      {
        json: {
          ...sampleTicket(),
          fullName: '',
          idNumber: '110105194912310021',
          phone: 'call me',
          consentRecording: false,
        },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_payload');
    expect(res.body.error.issues.map((i) => [i.path, i.code]).sort()).toEqual([
      ['consentRecording', 'consent_required'],
      ['fullName', 'required'],
      ['idNumber', 'id_checksum'],
      ['phone', 'phone_format'],
    ]);
    const notJson = await httpRequest<{ error: { code: string } }>(server, 'POST', '/api/tickets', {
      raw: '{"fullName":',
    });
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    expect(await count()).toBe(before);
  });

  it('accepts other ID types without the resident-ID check', async () => {
    const created = await createTicket(server, { idType: 'passport', idNumber: 'E12345678', language: 'en' });
    expect(created.ticket.language).toBe('en');
  });

  it('logs staff in with an httpOnly cookie and refuses wrong passwords', async () => {
    const ok = await httpRequest<{ user: { role: string }; token: string }>(
      server,
      'POST',
      '/api/auth/login',
      {
        json: { username: 'auditor1', password: DEMO_PASSWORD },
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.user.role).toBe('auditor');
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toContain(`${SESSION_COOKIE}=`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    const me = await httpRequest(server, 'GET', '/api/auth/me', {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(me).toMatchObject({ status: 200, body: { user: { username: 'auditor1' } } });
    expect(await httpRequest(server, 'GET', '/api/auth/me')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
    const wrong = await httpRequest(server, 'POST', '/api/auth/login', {
      json: { username: 'auditor1', password: 'nope' },
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const unknown = await httpRequest(server, 'POST', '/api/auth/login', {
      json: { username: 'ghost', password: 'nope' },
    });
    expect(unknown).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await httpRequest(server, 'POST', '/api/auth/login', { json: { username: 'x' } })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_payload' } },
    });
  });

  it('rate-limits logins per user, even with the right password', async () => {
    const attempt = (password: string) =>
      httpRequest(server, 'POST', '/api/auth/login', { json: { username: 'admin1', password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).status).toBe(401);
    const limited = await attempt(DEMO_PASSWORD);
    expect(limited).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
  });

  it('answers unknown API routes with a JSON error', async () => {
    expect(await httpRequest(server, 'GET', '/api/nothing-here')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
  });
});
