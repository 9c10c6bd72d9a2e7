import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { sqliteKysely } from '../platform/database/sqlite-kysely.js';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import { sampleFacts, TEST_KEY } from './rules/audit-fixtures.js';
import { hmacAnchor } from './rules/anchor.js';
import { verifyChainStream } from './rules/verify-chain.js';
import { AuditStore } from './audit-store.js';
import { AuditTrail } from './audit-trail.js';

const databases = databasesPerTest();

const verify = (store: AuditStore) => verifyChainStream(store.entries(), { key: TEST_KEY });

describe.each(DIALECTS)('AuditStore on %s', (dialect) => {
  it('stores entries that read back as a valid chain, details in canonical JSON', async () => {
    const { kysely } = await databases.open(dialect);
    const store = new AuditStore(kysely, TEST_KEY);
    for (let i = 0; i < 5; i++) await store.append(sampleFacts(i, { z: 1, a: [i] }));
    expect(await verify(store)).toMatchObject({ ok: true, entries: 5 });
    const row = await kysely
      .selectFrom('audit_log')
      .select('details')
      .where('seq', '=', 2)
      .executeTakeFirst();
    expect(row).toEqual({ details: '{"a":[1],"i":1,"z":1}' });
    expect(await store.head()).toMatchObject({ seq: 5, action: sampleFacts(4).action, details: { i: 4 } });
  });

  it('reads a chain longer than a page in keyset pages, every entry once and in order', async () => {
    const { kysely } = await databases.open(dialect);
    const store = new AuditStore(kysely, TEST_KEY);
    for (let i = 0; i < 7; i++) await store.append(sampleFacts(i));
    const seqs: number[] = [];
    for await (const entry of store.entries(3)) seqs.push(entry.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await verifyChainStream(store.entries(3), { key: TEST_KEY })).toMatchObject({
      ok: true,
      entries: 7,
    });
  });

  it('joins a transaction already open, and goes away with its rollback', async () => {
    const { kysely } = await databases.open(dialect);
    const store = new AuditStore(kysely, TEST_KEY);
    const trail = new AuditTrail(store, () => 1_700_000_000_000);
    await store.append(sampleFacts(0));
    await expect(
      inTransaction(kysely, async (trx) => {
        await trail.in(trx).write({ userId: 'u1', username: 'teller1' }, 'staff.login', null);
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    const entry = await trail.write({ userId: 'u1', username: 'teller1' }, 'staff.login', null, { ip: 'x' });
    expect(entry).toMatchObject({ seq: 2, at: 1_700_000_000_000, details: { ip: 'x' } });
    expect(await verify(store)).toMatchObject({ ok: true, entries: 2 });
  });

  it('keeps anchors in order, and reads none from a database from before the anchors', async () => {
    const { kysely } = await databases.open(dialect);
    const store = new AuditStore(kysely, TEST_KEY);
    const first = await store.append(sampleFacts(0));
    const second = await store.append(sampleFacts(1));
    expect(await store.lastAnchor()).toBeUndefined();
    await store.addAnchor(hmacAnchor(TEST_KEY, first, 10));
    await store.addAnchor({ kind: 'tsa', seq: second.seq, hash: second.hash, at: 20, token: 'dG9rZW4=' });
    expect((await store.anchors()).map((a) => [a.kind, a.seq])).toEqual([
      ['hmac', 1],
      ['tsa', 2],
    ]);
    expect(await store.lastAnchor()).toMatchObject({ kind: 'tsa', seq: 2, token: 'dG9rZW4=' });
    await sql`DROP TABLE audit_anchors`.execute(kysely);
    expect(await store.anchors()).toEqual([]);
  });
});

describe('AuditStore, several writers on one database', () => {
  it('never forks when two nodes append at once to one PostgreSQL database', async () => {
    const url = await databases.freshPostgres();
    const one = new AuditStore((await databases.open('postgres', url)).kysely, TEST_KEY);
    const two = new AuditStore((await databases.open('postgres', url)).kysely, TEST_KEY);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).append(sampleFacts(i))));
    expect(await verify(one)).toMatchObject({ ok: true, entries: 40 });
    expect(await verify(two)).toMatchObject({ ok: true, entries: 40 });
  });

  // Two processes on one file (the server and the staff CLI); in one thread they can only take turns,
  // as SQLite's busy wait would block the thread that holds the lock.
  it('keeps one chain when two connections to one SQLite file append in turn', async () => {
    const name = `${crypto.randomUUID()}.db`;
    const [a, b] = [databases.sqliteFile(name), databases.sqliteFile(name)].map(
      (db) => new AuditStore(sqliteKysely<Schema>(db), TEST_KEY),
    );
    for (let i = 0; i < 20; i++) await (i % 3 ? a! : b!).append(sampleFacts(i));
    expect(await verify(a!)).toMatchObject({ ok: true, entries: 20 });
  });
});
