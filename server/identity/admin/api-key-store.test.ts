import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../../test/support/databases.js';
import { UserStore } from '../user-store.js';
import { ApiKeyStore } from './api-key-store.js';

const databases = databasesPerTest();

const key = (id: string, createdAt: number) => ({
  id,
  name: `Key ${id}`,
  scopes: ['records.verify' as const],
  hint: `skyk_${id}`,
  createdAt,
  createdBy: 'admin-id',
  keyHash: `hash-${id}`,
});

describe.each(DIALECTS)('ApiKeyStore on %s', (dialect) => {
  async function store() {
    const { kysely } = await databases.open(dialect);
    await new UserStore(kysely).insert(
      { id: 'admin-id', username: 'admin1', displayName: 'Admin', role: 'admin', passwordHash: 'x' },
      0,
    );
    return new ApiKeyStore(kysely);
  }

  it('finds a key by its hash and by id, naming who issued it by username', async () => {
    const keys = await store();
    await keys.insert(key('k1', 1_000));
    const view = {
      id: 'k1',
      name: 'Key k1',
      scopes: ['records.verify'],
      hint: 'skyk_k1',
      createdAt: 1_000,
      createdBy: 'admin1',
      lastUsedAt: null,
      revokedAt: null,
    };
    expect(await keys.findByHash('hash-k1')).toEqual(view);
    expect(await keys.findById('k1')).toEqual(view);
    expect(await keys.findByHash('hash-unknown')).toBeUndefined();
  });

  it('lists keys newest first, revoked ones too; a revocation keeps its first time; a use is stamped', async () => {
    const keys = await store();
    await keys.insert(key('k1', 1_000));
    await keys.insert(key('k2', 2_000));
    await keys.revoke('k1', 'admin-id', 3_000);
    await keys.revoke('k1', 'admin-id', 4_000);
    await keys.used('k2', 5_000);
    expect((await keys.all()).map((k) => [k.id, k.revokedAt, k.lastUsedAt])).toEqual([
      ['k2', null, 5_000],
      ['k1', 3_000, null],
    ]);
  });
});
