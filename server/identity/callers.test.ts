import crypto from 'node:crypto';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE, type StaffUser } from '../../shared/contracts/auth.js';
import { Callers } from './callers.js';
import type { ApiKeyPrincipal } from './principal.js';
import type { StaffAuth } from './staff-auth.js';
import { TokenSigner } from './tokens.js';

const NOW = 1_000;
const tokens = new TokenSigner(crypto.randomBytes(32));
const ticketToken = tokens.sign({ kind: 'ticket', sub: 'ticket-1', exp: NOW + 60_000 });
const teller: StaffUser = { id: 'u-1', username: 'teller1', displayName: 'Teller', role: 'teller' };
const auditor: StaffUser = { id: 'u-2', username: 'auditor1', displayName: 'Auditor', role: 'auditor' };
// Sessions are StaffAuth's business; here a session token is just a known string.
const sessions: Record<string, StaffUser> = { 'teller-session': teller, 'auditor-session': auditor };
const staffAuth = {
  authenticate: (token: unknown) => Promise.resolve(typeof token === 'string' ? sessions[token] : undefined),
} as StaffAuth;
const verifier: ApiKeyPrincipal = {
  kind: 'api_key',
  key: { id: 'k-1', name: 'Core', scopes: ['records.verify'] },
};
const uses: string[] = [];
// Which keys exist is ApiKeys' business; here a key is just a known string.
const apiKeys = {
  authenticate: (key: string, use: string) => {
    uses.push(use);
    return Promise.resolve(key === 'skyk_known' ? verifier : undefined);
  },
};
const callers = new Callers({ tokens, staffAuth, apiKeys, clock: () => NOW });

const request = (headers: Record<string, string>): Request =>
  ({
    get: (name: string) => headers[name.toLowerCase()],
    method: 'POST',
    originalUrl: '/api/records/verify',
  }) as Request;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const cookie = (token: string) => ({ cookie: `other=1; ${SESSION_COOKIE}=${token}` });

describe('Callers', () => {
  it('finds staff by session cookie, and the customer by ticket token where the route takes one', async () => {
    expect(await callers.ofRequest(request(cookie('teller-session')), 'staff')).toEqual({
      kind: 'staff',
      user: teller,
    });
    expect(await callers.ofRequest(request(cookie('teller-session')), 'staff_or_ticket')).toEqual({
      kind: 'staff',
      user: teller,
    });
    expect(await callers.ofRequest(request(bearer(ticketToken)), 'ticket')).toEqual({
      kind: 'customer',
      ticketId: 'ticket-1',
    });
    expect(await callers.ofRequest(request(bearer(ticketToken)), 'staff_or_ticket')).toEqual({
      kind: 'customer',
      ticketId: 'ticket-1',
    });
  });

  it('counts a credential the route does not take as none', async () => {
    expect(await callers.ofRequest(request(bearer(ticketToken)), 'staff')).toBeUndefined();
    expect(await callers.ofRequest(request(cookie('teller-session')), 'ticket')).toBeUndefined();
    expect(await callers.ofRequest(request({}), 'staff_or_ticket')).toBeUndefined();
  });

  it('takes a staff session from the HttpOnly cookie only, never from a header a script could set', async () => {
    expect(await callers.ofRequest(request(bearer('teller-session')), 'staff')).toBeUndefined();
    expect(await callers.ofRequest(request(bearer('teller-session')), 'staff_or_ticket')).toBeUndefined();
  });

  it('finds an institution’s system by its API key only where the route takes keys, and staff there too', async () => {
    expect(await callers.ofRequest(request(bearer('skyk_known')), 'staff_or_api_key')).toEqual(verifier);
    expect(uses).toEqual(['POST /api/records/verify']);
    expect(await callers.ofRequest(request(bearer('skyk_unknown')), 'staff_or_api_key')).toBeUndefined();
    expect(await callers.ofRequest(request(cookie('teller-session')), 'staff_or_api_key')).toEqual({
      kind: 'staff',
      user: teller,
    });
    // A key on a route that does not take keys is no one, and is not even looked up.
    uses.length = 0;
    expect(await callers.ofRequest(request(bearer('skyk_known')), 'staff')).toBeUndefined();
    expect(await callers.ofRequest(request(bearer('skyk_known')), 'staff_or_ticket')).toBeUndefined();
    expect(uses).toEqual([]);
  });

  it('refuses an expired ticket', async () => {
    const expired = tokens.sign({ kind: 'ticket', sub: 'ticket-1', exp: NOW });
    expect(await callers.ofRequest(request(bearer(expired)), 'ticket')).toBeUndefined();
  });

  it('answers 401 and 403 for a staff route by the permission it needs', async () => {
    expect(await callers.requireStaff(request(cookie('auditor-session')), 'audit.decide')).toEqual(auditor);
    await expect(callers.requireStaff(request({}), 'audit.decide')).rejects.toThrow(
      expect.objectContaining({ code: 'unauthorized' }),
    );
    await expect(callers.requireStaff(request(cookie('teller-session')), 'audit.decide')).rejects.toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('finds a socket’s customer by its ticket token, and staff by the session cookie only', async () => {
    const handshake = (auth: Record<string, unknown>, headers: Record<string, string> = {}) =>
      callers.ofHandshake({ auth, headers });
    expect(await handshake({ ticketToken })).toEqual({ kind: 'customer', ticketId: 'ticket-1' });
    expect(await handshake({ token: 'teller-session' })).toBeUndefined();
    expect(await handshake({}, cookie('auditor-session'))).toEqual({ kind: 'staff', user: auditor });
    // A socket that shows a ticket is that customer or nobody, whatever else it carries.
    expect(await handshake({ ticketToken: 'forged.token' }, cookie('teller-session'))).toBeUndefined();
    expect(await handshake({})).toBeUndefined();
  });
});
