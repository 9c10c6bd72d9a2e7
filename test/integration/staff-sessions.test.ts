import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  EnrolmentConfirmed,
  LoginResponse,
  SecondFactorEnrolment,
} from '../../shared/contracts/auth.js';
import { SESSION_COOKIE } from '../../shared/contracts/auth.js';
import {
  connect,
  httpRequest,
  login,
  signInStep,
  staffHeaders,
  type TestSocket,
} from '../support/clients.js';
import { UserStore } from '../../server/identity/user-store.js';
import { addStaffAccount } from '../support/staff.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Staff sessions held by the server: the cookie, sign-out and revocation
 * (REST and sockets), the idle and absolute limits on an injected clock, the
 * one-time password and the second factor. A socket must be cut off "within
 * seconds"; the bound here is generous for a loaded machine.
 */

const MINUTE = 60_000;
const CUT_OFF_MS = 15_000;
const STRONG = 'violet-kettle-harbour-47';

let server: TestServer;
let now = Date.now();
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { clock: () => now });
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

const me = (token: string) => httpRequest(server, 'GET', '/api/auth/me', { headers: staffHeaders(token) });
const track = (socket: TestSocket) => (sockets.push(socket), socket);
const disconnected = (socket: TestSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
const totp = (secret: string) => generate({ secret, epoch: Math.floor(now / 1000) });

describe('staff sessions', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict cookie with an opaque id, and puts no token in the body', async () => {
    const res = await signInStep(server, '/api/auth/login', { username: 'teller1', password: 'x' });
    expect(res.status).toBe(401);
    const ok = await httpRequest<LoginResponse>(server, 'POST', '/api/auth/login', {
      json: { username: 'teller1', password: (await import('../support/test-server.js')).DEMO_PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(['next', 'user']);
    expect(ok.body.next).toBe('signed_in');
    const cookie = [ok.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    const id = decodeURIComponent(cookie.split(';')[0]!.slice(SESSION_COOKIE.length + 1));
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(ok.body)).not.toContain(id);
    // Only an HMAC of the id is stored.
    const stored = await server.kysely.selectFrom('staff_sessions').select('id_hmac').execute();
    expect(stored.map((r) => r.id_hmac)).not.toContain(id);
  });

  it('after sign-out the old cookie gets 401 on REST and its socket is disconnected', async () => {
    const { token } = await login(server, 'supervisor1');
    const socket = track(await connect(server, { token }));
    const cut = disconnected(socket);
    const out = await httpRequest(server, 'POST', '/api/auth/logout', { headers: staffHeaders(token) });
    expect(out.status).toBe(204);
    expect((await me(token)).status).toBe(401);
    expect(await within(cut, CUT_OFF_MS)).toBe('io server disconnect');
    await expect(connect(server, { token })).rejects.toThrow('unauthorized');
  });

  it('revokeAllFor ends every session of the person and cuts off their sockets', async () => {
    const first = await login(server, 'teller2');
    const second = await login(server, 'teller2');
    const socket = track(await connect(server, { token: first.token }));
    const cut = disconnected(socket);
    expect(
      await server.identity.sessions.revokeAllFor(first.user.id, 'account_disabled'),
    ).toBeGreaterThanOrEqual(2);
    expect((await me(first.token)).status).toBe(401);
    expect((await me(second.token)).status).toBe(401);
    expect(await within(cut, CUT_OFF_MS)).toBe('io server disconnect');
  });

  it('ends a session idle for 30 minutes, and any session after 12 hours, sockets included', async () => {
    const { token } = await login(server, 'auditor1');
    now += 29 * MINUTE;
    expect((await me(token)).status).toBe(200);
    now += 29 * MINUTE;
    expect((await me(token)).status).toBe(200);
    now += 31 * MINUTE;
    expect((await me(token)).status).toBe(401);

    const busy = await login(server, 'auditor1');
    const socket = track(await connect(server, { token: busy.token }));
    const cut = disconnected(socket);
    for (let used = 0; used < 12 * 60; used += 20) {
      expect((await me(busy.token)).status).toBe(200);
      now += 20 * MINUTE;
    }
    expect((await me(busy.token)).status).toBe(401);
    // The periodic check finds the socket's session over.
    expect(await within(cut, CUT_OFF_MS)).toBe('io server disconnect');
  });
});

describe('one-time password', () => {
  it('signs in (200) to a session that may only set a new password, which the policy checks', async () => {
    await addStaffAccount(server, {
      username: 'newteller',
      role: 'teller',
      password: 'Otp-9f3k-22',
      oneTimePassword: true,
    });
    const first = await signInStep(server, '/api/auth/login', {
      username: 'newteller',
      password: 'Otp-9f3k-22',
    });
    expect(first.status).toBe(200);
    expect(first.body.next).toBe('change_password');
    const pending = first.token!;
    expect((await me(pending)).status).toBe(401);
    await expect(connect(server, { token: pending })).rejects.toThrow('unauthorized');
    const calls = await httpRequest(server, 'GET', '/api/audit/calls', { headers: staffHeaders(pending) });
    expect(calls.status).toBe(401);

    const change = (newPassword: string) =>
      signInStep(server, '/api/auth/password', { newPassword }, pending);
    const short = await change('Sh0rt!x');
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({
      error: { code: 'password_rejected', issues: [{ code: 'too_short' }] },
    });
    const common = await change('password1234');
    expect(common.body).toMatchObject({
      error: { code: 'password_rejected', issues: [{ code: 'too_weak' }] },
    });
    const same = await change('Otp-9f3k-22');
    expect(same.status).toBe(422);

    const changed = await change(STRONG);
    expect(changed.status).toBe(200);
    expect(changed.body.next).toBe('signed_in');
    expect((await me(changed.token!)).status).toBe(200);
    expect((await me(pending)).status).toBe(401);
    expect(
      (await signInStep(server, '/api/auth/login', { username: 'newteller', password: 'Otp-9f3k-22' }))
        .status,
    ).toBe(401);
    await login(server, 'newteller', STRONG);
  });

  it('a signed-in change needs the current password and ends the other sessions', async () => {
    await addStaffAccount(server, { username: 'changer', role: 'teller', password: STRONG });
    const a = await login(server, 'changer', STRONG);
    const b = await login(server, 'changer', STRONG);
    const wrong = await signInStep(
      server,
      '/api/auth/password',
      { currentPassword: 'nope', newPassword: 'amber-lantern-quiet-93' },
      a.token,
    );
    expect(wrong.body).toMatchObject({ error: { code: 'password_wrong' } });
    const ok = await signInStep(
      server,
      '/api/auth/password',
      { currentPassword: STRONG, newPassword: 'amber-lantern-quiet-93' },
      a.token,
    );
    expect(ok.status).toBe(200);
    expect((await me(a.token)).status).toBe(401);
    expect((await me(b.token)).status).toBe(401);
    expect((await me(ok.token!)).status).toBe(200);
  });
});

describe('second factor', () => {
  it('enrols with a QR code and the secret, then signs in with computed codes, each good once', async () => {
    await addStaffAccount(server, { username: 'boss', role: 'supervisor', password: STRONG });
    const first = await signInStep(server, '/api/auth/login', { username: 'boss', password: STRONG });
    expect(first.body.next).toBe('enrol_second_factor');
    expect((await me(first.token!)).status).toBe(401);
    const start = await signInStep<SecondFactorEnrolment>(
      server,
      '/api/auth/second-factor/enrolment',
      undefined,
      first.token,
    );
    expect(start.status).toBe(200);
    expect(start.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(start.body.otpauthUri).toContain(start.body.secret);
    const { secret } = start.body;

    const confirmPath = '/api/auth/second-factor/enrolment/confirm';
    expect((await signInStep(server, confirmPath, { code: '000000' }, first.token)).body).toMatchObject({
      error: { code: 'second_factor_wrong' },
    });
    const confirmed = await signInStep<EnrolmentConfirmed>(
      server,
      confirmPath,
      { code: await totp(secret) },
      first.token,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.next).toBe('signed_in');
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    expect((await me(confirmed.token!)).status).toBe(200);
    // The secret is not stored in the clear.
    const row = await server.kysely.selectFrom('staff_mfa').select('secret').executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(secret);

    // The next sign-in asks for a code; the one used at enrolment is spent.
    const again = await signInStep(server, '/api/auth/login', { username: 'boss', password: STRONG });
    expect(again.body.next).toBe('second_factor');
    expect((await me(again.token!)).status).toBe(401);
    const give = (code: string, token = again.token) =>
      signInStep(server, '/api/auth/second-factor', { code }, token);
    expect((await give(await totp(secret))).status).toBe(422);
    now += 30_000;
    const signedIn = await give(await totp(secret));
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.next).toBe('signed_in');
    expect((await me(signedIn.token!)).status).toBe(200);

    // A recovery code works once.
    const recovery = confirmed.body.recoveryCodes[0]!;
    const third = await signInStep(server, '/api/auth/login', { username: 'boss', password: STRONG });
    const recovered = await give(recovery, third.token);
    expect(recovered.status).toBe(200);
    expect((await me(recovered.token!)).status).toBe(200);
    const fourth = await signInStep(server, '/api/auth/login', { username: 'boss', password: STRONG });
    expect((await give(recovery, fourth.token)).body).toMatchObject({
      error: { code: 'second_factor_wrong' },
    });
    expect((await give(confirmed.body.recoveryCodes[1]!.toUpperCase(), fourth.token)).status).toBe(200);

    // A reset (lost phone) ends the sessions; the next sign-in enrols again.
    const userId = signedIn.body.user.id;
    await server.identity.staffAuth.resetSecondFactor(userId);
    expect((await me(signedIn.token!)).status).toBe(401);
    const afterReset = await signInStep(server, '/api/auth/login', { username: 'boss', password: STRONG });
    expect(afterReset.body.next).toBe('enrol_second_factor');
  });

  it('is optional for a teller until required, and the demo accounts are exempt outside production', async () => {
    const id = await addStaffAccount(server, { username: 'careful', role: 'teller', password: STRONG });
    expect(
      (await signInStep(server, '/api/auth/login', { username: 'careful', password: STRONG })).body.next,
    ).toBe('signed_in');
    // The administrator's setting, as the console's edit stores it.
    await new UserStore(server.kysely).update(id, { mfaRequired: true });
    expect(
      (await signInStep(server, '/api/auth/login', { username: 'careful', password: STRONG })).body.next,
    ).toBe('enrol_second_factor');
    expect((await login(server, 'admin1')).next).toBe('signed_in');
  });
});

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
