import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { SessionStore } from './session-store.js';
import { UserStore } from './user-store.js';

const databases = databasesPerTest();

async function stores(dialect: (typeof DIALECTS)[number], url?: string) {
  const { kysely } = await databases.open(dialect, url);
  return { sessions: new SessionStore(kysely), users: new UserStore(kysely) };
}

const account = (id: string) => ({
  id,
  username: id,
  displayName: id,
  role: 'teller' as const,
  passwordHash: 'x',
});

describe.each(DIALECTS)('SessionStore on %s', (dialect) => {
  it('keeps a session by the HMAC of its id, with its stage and times', async () => {
    const { sessions, users } = await stores(dialect);
    await users.insert(account('u1'), 0);
    await sessions.insert('hmac-1', 'u1', 'second_factor', 1_000, 601_000);
    expect(await sessions.find('hmac-1')).toEqual({
      userId: 'u1',
      stage: 'second_factor',
      createdAt: 1_000,
      lastSeenAt: 1_000,
      expiresAt: 601_000,
      revokedAt: null,
    });
    expect(await sessions.find('hmac-unknown')).toBeUndefined();
    await sessions.touch('hmac-1', 5_000);
    expect((await sessions.find('hmac-1'))?.lastSeenAt).toBe(5_000);
  });

  it('revokes one session once (the first time and reason stay), or all of a person’s, saying how many', async () => {
    const { sessions, users } = await stores(dialect);
    await users.insert(account('u1'), 0);
    await users.insert(account('u2'), 0);
    await sessions.insert('a', 'u1', 'signed_in', 0, 100_000);
    await sessions.insert('b', 'u1', 'signed_in', 0, 100_000);
    await sessions.insert('c', 'u1', 'signed_in', 0, 100_000);
    await sessions.insert('d', 'u2', 'signed_in', 0, 100_000);
    await sessions.revoke('a', 'logout', 10);
    await sessions.revoke('a', 'again', 20);
    expect((await sessions.find('a'))?.revokedAt).toBe(10);
    expect(await sessions.revokeAllFor('u1', 'account_disabled', 30)).toBe(2);
    expect(await sessions.revokeAllFor('u1', 'account_disabled', 40)).toBe(0);
    expect((await sessions.find('b'))?.revokedAt).toBe(30);
    expect((await sessions.find('d'))?.revokedAt).toBeNull();
  });

  it('forgets sessions that expired or were revoked before a time, and keeps the rest', async () => {
    const { sessions, users } = await stores(dialect);
    await users.insert(account('u1'), 0);
    await sessions.insert('expired', 'u1', 'signed_in', 0, 500);
    await sessions.insert('revoked', 'u1', 'signed_in', 0, 10_000);
    await sessions.insert('revoked-late', 'u1', 'signed_in', 0, 10_000);
    await sessions.insert('open', 'u1', 'signed_in', 0, 10_000);
    await sessions.revoke('revoked', 'logout', 600);
    await sessions.revoke('revoked-late', 'logout', 2_000);
    await sessions.deleteEndedBefore(1_000);
    expect(await sessions.find('expired')).toBeUndefined();
    expect(await sessions.find('revoked')).toBeUndefined();
    expect(await sessions.find('revoked-late')).toBeDefined();
    expect(await sessions.find('open')).toBeDefined();
  });
});

describe('SessionStore, two nodes on one PostgreSQL database', () => {
  it('a session opened on one node is found, and revoked, on the other', async () => {
    const url = await databases.freshPostgres();
    const one = await stores('postgres', url);
    const two = await stores('postgres', url);
    await one.users.insert(account('u1'), 0);
    await one.sessions.insert('hmac-1', 'u1', 'signed_in', 0, 100_000);
    expect((await two.sessions.find('hmac-1'))?.userId).toBe('u1');
    await two.sessions.revoke('hmac-1', 'logout', 50);
    expect((await one.sessions.find('hmac-1'))?.revokedAt).toBe(50);
  });
});
