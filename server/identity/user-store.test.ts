import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { UserStore, type StoredUser } from './user-store.js';

const databases = databasesPerTest();

const user = (id: string, username: string, changes: Partial<StoredUser> = {}): StoredUser => ({
  id,
  username,
  displayName: `Name of ${username}`,
  role: 'teller',
  passwordHash: `hash-${id}`,
  ...changes,
});

describe.each(DIALECTS)('UserStore on %s', (dialect) => {
  it('finds an account by id and by its exact username, with its state as an administrator sees it', async () => {
    const users = new UserStore((await databases.open(dialect)).kysely);
    await users.insert(
      { ...user('u1', 'teller1'), mustChangePassword: true, mfaRequired: true },
      1_700_000_000_000,
    );
    const expected = {
      ...user('u1', 'teller1'),
      createdAt: 1_700_000_000_000,
      disabledAt: null,
      lockedAt: null,
      failedLogins: 0,
      mustChangePassword: true,
      mfaRequired: true,
    };
    expect(await users.findById('u1')).toEqual(expected);
    expect(await users.findByUsername('teller1')).toEqual(expected);
    // Usernames match exactly on both dialects, as they always did on SQLite.
    expect(await users.findByUsername('Teller1')).toBeUndefined();
    expect(await users.findById('nobody')).toBeUndefined();
    expect(await users.isActive('nobody')).toBe(false);
  });

  it('refuses a username that is taken', async () => {
    const users = new UserStore((await databases.open(dialect)).kysely);
    await users.insert(user('u1', 'teller1'), 0);
    await expect(users.insert(user('u2', 'teller1'), 0)).rejects.toThrow();
    expect(await users.count()).toBe(1);
  });

  it('lists every account by username in code-point order, and counts them', async () => {
    const users = new UserStore((await databases.open(dialect)).kysely);
    for (const [id, username] of [
      ['u1', 'teller2'],
      ['u2', 'Zed'],
      ['u3', 'admin1'],
      ['u4', 'teller10'],
    ] as const) {
      await users.insert(user(id, username), 0);
    }
    expect((await users.all()).map((u) => u.username)).toEqual(['Zed', 'admin1', 'teller10', 'teller2']);
    expect(await users.count()).toBe(4);
  });

  it('changes only what an edit names, a password, and whether the account is disabled', async () => {
    const users = new UserStore((await databases.open(dialect)).kysely);
    await users.insert(user('u1', 'teller1'), 0);
    await users.update('u1', { displayName: 'Renamed' });
    await users.update('u1', { role: 'supervisor', mfaRequired: true });
    await users.update('u1', {});
    await users.setPassword('u1', 'new-hash', true);
    expect(await users.findById('u1')).toMatchObject({
      displayName: 'Renamed',
      role: 'supervisor',
      mfaRequired: true,
      passwordHash: 'new-hash',
      mustChangePassword: true,
    });
    await users.setDisabled('u1', 5_000);
    expect(await users.isActive('u1')).toBe(false);
    expect((await users.findById('u1'))?.disabledAt).toBe(5_000);
    await users.setDisabled('u1', null);
    expect(await users.isActive('u1')).toBe(true);
  });

  it('locks an account at the wrong password that reaches the limit, keeps the first lock time, and clears both', async () => {
    const users = new UserStore((await databases.open(dialect)).kysely);
    await users.insert(user('u1', 'teller1'), 0);
    expect(await users.recordFailedLogin('u1', 3, 1_000)).toBe(false);
    expect(await users.recordFailedLogin('u1', 3, 2_000)).toBe(false);
    expect(await users.recordFailedLogin('u1', 3, 3_000)).toBe(true);
    expect(await users.recordFailedLogin('u1', 3, 4_000)).toBe(true);
    expect(await users.findById('u1')).toMatchObject({ failedLogins: 4, lockedAt: 3_000 });
    await users.clearFailedLogins('u1');
    expect(await users.findById('u1')).toMatchObject({ failedLogins: 0, lockedAt: null });
  });

  it('counts wrong passwords given at once (on several nodes) every one', async () => {
    const users = new UserStore((await databases.open(dialect)).kysely);
    await users.insert(user('u1', 'teller1'), 0);
    await Promise.all(Array.from({ length: 5 }, (_, i) => users.recordFailedLogin('u1', 10, i)));
    expect((await users.findById('u1'))?.failedLogins).toBe(5);
  });
});

describe('UserStore, nodes starting together on one empty PostgreSQL database', () => {
  it('seeds the accounts once: one node inserts them, the others find them there', async () => {
    const url = await databases.freshPostgres();
    const nodes = await Promise.all(
      [1, 2, 3].map(async () => new UserStore((await databases.open('postgres', url)).kysely)),
    );
    const seeded = await Promise.all(
      nodes.map((users, node) =>
        users.insertIntoEmpty([user(`n${node}-a`, 'admin1'), user(`n${node}-t`, 'teller1')], 0),
      ),
    );
    expect(seeded.filter(Boolean)).toHaveLength(1);
    expect(await nodes[0]!.count()).toBe(2);
  });
});
