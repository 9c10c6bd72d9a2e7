import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../platform/database/schema.js';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { AsyncVipStore } from './async-vip-store.js';
import { VipStore } from './vip-store.js';

const databases = databasesPerTest();

async function withStaff(db: Kysely<Schema>): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: 'sup1',
      username: 'sup1',
      display_name: 'S',
      role: 'supervisor',
      password_hash: 'h',
      created_at: 1,
    })
    .execute();
}

describe.each(DIALECTS)('AsyncVipStore on %s', (dialect) => {
  it('lists, re-notes and removes a VIP customer by ID document', async () => {
    const { kysely } = await databases.open(dialect);
    await withStaff(kysely);
    const vip = new AsyncVipStore(kysely);
    expect(await vip.isVip('id_card', '110101199003070000')).toBe(false);

    await vip.add({
      idType: 'id_card',
      idNumber: '110101199003070000',
      note: 'first',
      addedBy: 'sup1',
      at: 10,
    });
    await vip.add({
      idType: 'id_card',
      idNumber: '110101199003070000',
      note: 'second',
      addedBy: 'sup1',
      at: 20,
    });
    expect(await vip.isVip('id_card', '110101199003070000')).toBe(true);
    expect(await vip.isVip('passport', '110101199003070000')).toBe(false);
    const rows = await kysely.selectFrom('vip_customers').select(['note', 'added_at']).execute();
    // The second add keeps the first entry and only changes its note.
    expect(rows).toEqual([{ note: 'second', added_at: 10 }]);

    expect(await vip.remove('id_card', '110101199003070000')).toBe(true);
    expect(await vip.remove('id_card', '110101199003070000')).toBe(false);
    expect(await vip.isVip('id_card', '110101199003070000')).toBe(false);
  });

  it('refuses an entry whose adder is not a staff member', async () => {
    const { kysely } = await databases.open(dialect);
    const vip = new AsyncVipStore(kysely);
    await expect(
      vip.add({ idType: 'id_card', idNumber: '1', note: '', addedBy: 'nobody', at: 1 }),
    ).rejects.toThrow(/foreign key/i);
  });
});

describe('AsyncVipStore beside VipStore on one SQLite connection', () => {
  it('sees what the synchronous store wrote, and the other way round', async () => {
    const { kysely, sqlite } = await databases.open('sqlite');
    await withStaff(kysely);
    const asynchronous = new AsyncVipStore(kysely);
    const synchronous = new VipStore(sqlite);
    synchronous.add({ idType: 'id_card', idNumber: 'A', note: '', addedBy: 'sup1', at: 1 });
    await asynchronous.add({ idType: 'id_card', idNumber: 'B', note: '', addedBy: 'sup1', at: 2 });
    expect(await asynchronous.isVip('id_card', 'A')).toBe(true);
    expect(synchronous.isVip('id_card', 'B')).toBe(true);
  });
});
