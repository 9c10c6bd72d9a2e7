import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiKeyView,
  IssuedApiKey,
  OneTimePasswordReply,
  StaffAccountView,
} from '../../shared/contracts/admin.js';
import type { LoginResponse } from '../../shared/contracts/auth.js';
import {
  connect,
  createTicket,
  httpRequest,
  login,
  nextEvent,
  request,
  signInStep,
  staffHeaders,
  type TestSocket,
} from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Staff administration against a real server: an administrator creates, edits,
 * disables, enables, resets and unlocks accounts, and issues and revokes API
 * keys; each action is in the audit chain, and a disabled person is cut off at once.
 */

let server: TestServer;
let adminToken: string;
let adminId: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({
    SKYTELLER_LOCK_AFTER_FAILED_LOGINS: '3',
    SKYTELLER_LOGIN_ATTEMPTS_PER_MINUTE: '100',
  });
  const admin = await login(server, 'admin1');
  adminToken = admin.token;
  adminId = admin.user.id;
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

const asAdmin = <T>(method: string, path: string, json?: unknown) =>
  httpRequest<T>(server, method, path, { json, headers: staffHeaders(adminToken) });
const signIn = (username: string, password: string) =>
  signInStep<LoginResponse>(server, '/api/auth/login', { username, password });
const me = (token: string) => httpRequest(server, 'GET', '/api/auth/me', { headers: staffHeaders(token) });

/** A password of the person's own choosing, strong enough for the policy. */
const OWN_PASSWORD = 'plum-Tractor-47-harbour-Quilt';

/** Signs in with a one-time password and replaces it, as a new account must: a signed-in session. */
async function signedInReplacing(username: string, oneTimePassword: string): Promise<string> {
  const first = await signIn(username, oneTimePassword);
  expect(first.body.next).toBe('change_password');
  const changed = await signInStep<LoginResponse>(
    server,
    '/api/auth/password',
    { newPassword: OWN_PASSWORD },
    first.token,
  );
  expect(changed.body.next).toBe('signed_in');
  return changed.token!;
}

interface AuditRow {
  actor_username: string;
  action: string;
  target: string | null;
  details: string;
  at: number;
}
const auditOf = async (target: string) =>
  (
    (await server.kysely
      .selectFrom('audit_log')
      .select(['actor_username', 'action', 'target', 'details', 'at'])
      .where('target', '=', target)
      .orderBy('seq')
      .execute()) as AuditRow[]
  ).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));

describe('staff administration', () => {
  let teller: StaffAccountView;
  let password: string;

  it('creates an account with a one-time password that signs in once shown, and lists it', async () => {
    const created = await asAdmin<OneTimePasswordReply>('POST', '/api/admin/staff', {
      username: 'teller9',
      displayName: 'Teller Nine 柜员九',
      role: 'teller',
      teller: { services: ['consultation', 'contact-change'], languages: ['cmn', 'yue'] },
    });
    expect(created.status).toBe(201);
    teller = created.body.account;
    password = created.body.oneTimePassword;
    expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    expect(teller).toMatchObject({
      username: 'teller9',
      role: 'teller',
      disabled: false,
      locked: false,
      mustChangePassword: true,
      mfaRequired: false,
      teller: { services: ['consultation', 'contact-change'], languages: ['cmn', 'yue'] },
    });
    expect((await signIn('teller9', password)).status).toBe(200);

    const listed = await asAdmin<{ accounts: StaffAccountView[] }>('GET', '/api/admin/staff');
    expect(listed.body.accounts.map((a) => a.username)).toEqual(
      expect.arrayContaining(['admin1', 'teller1', 'teller9']),
    );
    // No password hash ever leaves the server.
    expect(JSON.stringify(listed.body)).not.toContain('argon2');
    const taken = await asAdmin('POST', '/api/admin/staff', {
      username: 'teller9',
      displayName: 'x',
      role: 'auditor',
    });
    expect(taken.status).toBe(409);
    const bad = await asAdmin('POST', '/api/admin/staff', {
      username: 'Not Valid',
      displayName: '',
      role: 'boss',
    });
    expect(bad.status).toBe(400);
  });

  it('edits the display name, the teller’s services and languages, and whether it needs a second factor', async () => {
    const edited = await asAdmin<{ account: StaffAccountView }>('PUT', `/api/admin/staff/${teller.id}`, {
      displayName: 'Teller Nine',
      teller: { services: ['consultation'], languages: ['nan', 'cmn'] },
      mfaRequired: true,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.account).toMatchObject({
      displayName: 'Teller Nine',
      role: 'teller',
      mfaRequired: true,
      teller: { services: ['consultation'], languages: ['nan', 'cmn'] },
    });
    // The queue serves by the same profile.
    const row = await server.kysely
      .selectFrom('teller_profiles')
      .select(['skills', 'languages'])
      .where('user_id', '=', teller.id)
      .executeTakeFirst();
    expect(row).toEqual({ skills: '["consultation"]', languages: '["nan","cmn"]' });
    // Back off again: the tests below sign this teller in without an authenticator.
    await asAdmin('PUT', `/api/admin/staff/${teller.id}`, { mfaRequired: false });
    const notTeller = await asAdmin('PUT', `/api/admin/staff/${adminId}`, { mfaRequired: false });
    expect(notTeller.status).toBe(400);
    expect((await asAdmin('PUT', `/api/admin/staff/${adminId}`, { role: 'teller' })).status).toBe(409);
    expect((await asAdmin('PUT', '/api/admin/staff/nobody', { displayName: 'x' })).status).toBe(404);
  });

  it('disabling ends the person’s REST access and disconnects their sockets at once; enabling lets them back', async () => {
    const token = await signedInReplacing('teller9', password);
    password = OWN_PASSWORD;
    const socket = await connect(server, { token });
    sockets.push(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await me(token)).status).toBe(200);

    const disabled = await asAdmin<{ account: StaffAccountView }>(
      'POST',
      `/api/admin/staff/${teller.id}/disable`,
    );
    expect(disabled.body.account.disabled).toBe(true);
    expect(await disconnected).toBe('io server disconnect');
    expect((await me(token)).status).toBe(401);
    expect((await signIn('teller9', password)).status).toBe(401);
    await expect(connect(server, { token })).rejects.toThrow('unauthorized');
    // Nobody locks themselves out.
    expect((await asAdmin('POST', `/api/admin/staff/${adminId}/disable`)).status).toBe(409);

    const enabled = await asAdmin<{ account: StaffAccountView }>(
      'POST',
      `/api/admin/staff/${teller.id}/enable`,
    );
    expect(enabled.body.account.disabled).toBe(false);
    expect((await signIn('teller9', password)).status).toBe(200);
  });

  it('resets a password to a new one-time password; the old one stops working, its pages are disconnected', async () => {
    const { token } = await login(server, 'teller9', password);
    const socket = await connect(server, { token });
    sockets.push(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const reset = await asAdmin<OneTimePasswordReply>('POST', `/api/admin/staff/${teller.id}/password-reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.oneTimePassword).not.toBe(password);
    expect((await me(token)).status).toBe(401);
    expect(reset.body.account.mustChangePassword).toBe(true);
    expect(await disconnected).toBe('io server disconnect');
    expect((await signIn('teller9', password)).status).toBe(401);
    password = reset.body.oneTimePassword;
    expect((await signIn('teller9', password)).status).toBe(200);
  });

  it('locks an account after repeated wrong passwords, until an administrator unlocks it', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('teller9', 'wrong password')).status).toBe(401);
    const locked = await signIn('teller9', password);
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ error: { code: 'account_locked' } });
    const listed = await asAdmin<{ accounts: StaffAccountView[] }>('GET', '/api/admin/staff');
    expect(listed.body.accounts.find((a) => a.id === teller.id)).toMatchObject({ locked: true });

    const unlocked = await asAdmin<{ account: StaffAccountView }>(
      'POST',
      `/api/admin/staff/${teller.id}/unlock`,
    );
    expect(unlocked.body.account.locked).toBe(false);
    expect((await signIn('teller9', password)).status).toBe(200);
  });

  it('writes every action to the audit chain: who, what, on whom and when', async () => {
    const entries = (await auditOf(teller.id)).filter((e) => e.actor_username === 'admin1');
    expect(entries.map((e) => e.action)).toEqual([
      'staff.created',
      'staff.edited',
      'staff.edited',
      'staff.disabled',
      'staff.enabled',
      'staff.password_reset',
      'staff.unlocked',
    ]);
    expect(entries[0]!.details).toEqual({
      username: 'teller9',
      role: 'teller',
      displayName: 'Teller Nine 柜员九',
      via: 'console',
    });
    expect(entries[1]!.details).toMatchObject({ username: 'teller9', changes: { mfaRequired: true } });
    expect(entries[6]!.details).toEqual({ username: 'teller9', failedLogins: 3 });
    for (const entry of entries) expect(entry.at).toBeGreaterThan(Date.now() - 120_000);
    // No one-time password ever reaches the chain.
    expect(JSON.stringify(entries)).not.toContain(password);
  });

  it('resets a second factor: the person’s sessions end, and the chain says who did it', async () => {
    await asAdmin('POST', `/api/admin/staff/${teller.id}/unlock`);
    const own = await signedInReplacing('teller9', password);
    expect((await me(own)).status).toBe(200);
    const reset = await asAdmin<{ account: StaffAccountView }>(
      'POST',
      `/api/admin/staff/${teller.id}/second-factor-reset`,
    );
    expect(reset.status).toBe(200);
    expect((await me(own)).status).toBe(401);
    expect((await auditOf(teller.id)).at(-1)).toMatchObject({
      actor_username: 'admin1',
      action: 'staff.second_factor_reset',
      details: { username: 'teller9' },
    });
    password = OWN_PASSWORD;
  });

  it('offers a teller at work customers by its new services at once, and disconnects it on a new role', async () => {
    const created = await asAdmin<OneTimePasswordReply>('POST', '/api/admin/staff', {
      username: 'teller8',
      displayName: 'Teller Eight',
      role: 'teller',
      teller: { services: ['consultation'], languages: ['cmn'] },
    });
    const token = await signedInReplacing('teller8', created.body.oneTimePassword);
    const desk = await connect(server, { token });
    sockets.push(desk);
    await request(desk, 'teller:setStatus', { status: 'available' });
    // Nobody else is at work: a customer for a service teller8 does not serve waits.
    await createTicket(server, { serviceId: 'surrender' });
    const offered = nextEvent(desk, 'teller:state', (s) => s.offer !== null, 10_000);
    await asAdmin('PUT', `/api/admin/staff/${created.body.account.id}`, {
      teller: { services: ['consultation', 'surrender'], languages: ['cmn'] },
    });
    expect((await offered).offer).toMatchObject({ serviceId: 'surrender' });

    // A new role: the desk, connected as a teller, is disconnected.
    const disconnected = new Promise<string>((resolve) => desk.once('disconnect', resolve));
    await asAdmin('PUT', `/api/admin/staff/${created.body.account.id}`, { role: 'auditor' });
    expect(await disconnected).toBe('io server disconnect');
  });

  it('refuses every administration route to staff of other roles', async () => {
    const { token } = await login(server, 'supervisor1');
    const res = await httpRequest(server, 'GET', '/api/admin/staff', { headers: staffHeaders(token) });
    expect(res.status).toBe(403);
  });
});

describe('API keys', () => {
  const verify = (key: string) =>
    httpRequest(server, 'POST', '/api/records/verify', {
      raw: 'not a pdf',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/pdf' },
    });

  it('are shown once, kept hashed, audited at every use, and refused once revoked', async () => {
    const issued = await asAdmin<IssuedApiKey>('POST', '/api/admin/api-keys', {
      name: 'Core banking',
      scopes: ['records.verify'],
    });
    expect(issued.status).toBe(201);
    const { apiKey, key } = issued.body;
    expect(key).toMatch(/^skyk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'Core banking', scopes: ['records.verify'], revokedAt: null });
    expect(key.startsWith(apiKey.hint)).toBe(true);
    const stored = await server.kysely
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key);
    const listed = await asAdmin<{ apiKeys: ApiKeyView[] }>('GET', '/api/admin/api-keys');
    expect(JSON.stringify(listed.body)).not.toContain(key);

    // Past the policy: the verifier itself answers that this is no PDF.
    const used = await verify(key);
    expect(used.status).toBe(400);
    expect(used.body).toMatchObject({ error: { code: 'record_unreadable' } });
    // A key is no staff session: routes that do not take keys do not know it.
    expect((await me(key)).status).toBe(401);
    expect((await verify('skyk_' + 'x'.repeat(43))).status).toBe(401);

    const other = await asAdmin<IssuedApiKey>('POST', '/api/admin/api-keys', {
      name: 'Photo archive',
      scopes: ['references.write'],
    });
    expect((await verify(other.body.key)).status).toBe(403);

    const revoked = await asAdmin<{ apiKey: ApiKeyView }>('POST', `/api/admin/api-keys/${apiKey.id}/revoke`);
    expect(revoked.body.apiKey.revokedAt).not.toBeNull();
    expect((await verify(key)).status).toBe(401);
    expect((await asAdmin('POST', `/api/admin/api-keys/${apiKey.id}/revoke`)).status).toBe(409);

    expect((await auditOf(apiKey.id)).map((e) => [e.actor_username, e.action, e.details])).toEqual([
      ['admin1', 'api_key.issued', { name: 'Core banking', scopes: ['records.verify'] }],
      ['api-key:Core banking', 'api_key.used', { name: 'Core banking', use: 'POST /api/records/verify' }],
      ['admin1', 'api_key.revoked', { name: 'Core banking' }],
      [
        'api-key:Core banking',
        'api_key.refused',
        { name: 'Core banking', use: 'POST /api/records/verify', reason: 'revoked' },
      ],
    ]);
  });
});
