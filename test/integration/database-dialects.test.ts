// The database layer on both dialects: the same migrations, the same schema,
// the same typed queries, and serialised() keeping a read-then-append from
// forking across connections (as nodes would).
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_KEYS } from '../../server/platform/database/lock-keys.js';
import { MIGRATIONS } from '../../server/platform/database/migrations.js';
import { PORTABLE_MIGRATIONS } from '../../server/platform/database/portable-migrations.js';
import { SCHEMA_VERSION } from '../../server/platform/database/schema-steps.js';
import type { Schema } from '../../server/platform/database/schema.js';
import { serialised } from '../../server/platform/database/serialised.js';
import { openSharedDatabase } from '../../server/platform/database/shared-database.js';
import { runPortableStep } from '../../server/platform/database/sqlite-migrate.js';
import { postgresShape, sqliteShape } from '../support/database-schema-shape.js';
import { DIALECTS, databasesPerTest } from '../support/databases.js';

const databases = databasesPerTest();
const { open, sqliteFile } = databases;
const opened: { close(): void }[] = [];
afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

describe('one schema on SQLite and PostgreSQL', () => {
  it('ports every released SQLite migration to a portable step', () => {
    expect(PORTABLE_MIGRATIONS.length).toBeGreaterThanOrEqual(MIGRATIONS.length);
  });

  it('gives PostgreSQL, and SQLite built from the portable steps, the schema the released SQL gives SQLite', async () => {
    const released = sqliteShape(sqliteFile());
    expect(Object.keys(released).length).toBeGreaterThan(20);

    const fromSteps = new Database(':memory:');
    opened.push({ close: () => void fromSteps.close() });
    for (let version = 0; version < SCHEMA_VERSION; version++) runPortableStep(fromSteps, version);
    expect(sqliteShape(fromSteps)).toEqual(released);

    const pg = await open('postgres');
    expect(await postgresShape(pg.kysely)).toEqual(released);
  });

  it('sqlite: migrates once, and a second start changes nothing', () => {
    const first = sqliteFile('restarted.db');
    const second = sqliteFile('restarted.db');
    expect(second.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(sqliteShape(second)).toEqual(sqliteShape(first));
  });

  it('postgres: migrates once, and nodes starting together change nothing more', async () => {
    const url = await databases.freshPostgres();
    const first = await open('postgres', url);
    const before = await postgresShape(first.kysely);
    // Two nodes starting at once: the advisory lock lets one migrate, the other finds it done.
    const [second, third] = await Promise.all([open('postgres', url), open('postgres', url)]);
    expect(await postgresShape(second.kysely)).toEqual(before);
    const { rows: version } = await sql`SELECT version FROM schema_version`.execute(third.kysely);
    expect(version).toEqual([{ version: SCHEMA_VERSION }]);
  });
});

describe.each(DIALECTS)('typed queries on %s', (dialect) => {
  async function seedCall(db: Kysely<Schema>): Promise<void> {
    const at = 1_764_500_000_123; // epoch milliseconds: beyond a 32-bit integer
    await db
      .insertInto('users')
      .values({
        id: 'u1',
        username: 'teller1',
        display_name: '柜员一',
        role: 'teller',
        password_hash: 'h',
        created_at: at,
      })
      .execute();
    await db
      .insertInto('tickets')
      .values({
        id: 't1',
        full_name: '张三',
        id_type: 'id_card',
        id_number: '110101199003070000',
        birth_date: null,
        phone: '13800000000',
        service_id: 'account',
        language: 'zh',
        ui_locale: 'zh-CN',
        status: 'waiting',
        joined_at: at,
        consent_at: at,
      })
      .execute();
    await db
      .insertInto('calls')
      .values({ id: 'c1', ticket_id: 't1', service_id: 'account', started_at: at })
      .execute();
  }

  it('inserts and reads back rows with defaults, nulls, 64-bit times and generated keys', async () => {
    const { kysely } = await open(dialect);
    await seedCall(kysely);
    const user = await kysely
      .selectFrom('users')
      .selectAll()
      .where('id', '=', 'u1')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ created_at: 1_764_500_000_123, must_change_password: 0, disabled_at: null });
    const ticket = await kysely
      .selectFrom('tickets')
      .select(['priority', 'mandarin_fallback', 'full_name'])
      .executeTakeFirstOrThrow();
    expect(ticket).toEqual({ priority: 'normal', mandarin_fallback: 0, full_name: '张三' });

    for (const type of ['call.started', 'call.ended']) {
      await kysely
        .insertInto('call_events')
        .values({ call_id: 'c1', ticket_id: 't1', at: 1, actor: 'system', type })
        .execute();
    }
    const events = await kysely
      .selectFrom('call_events')
      .select(['seq', 'type', 'data'])
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { seq: 1, type: 'call.started', data: '{}' },
      { seq: 2, type: 'call.ended', data: '{}' },
    ]);
    const { count } = await kysely
      .selectFrom('call_events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(count).toBe(2);
  });

  it('keeps every byte of a BLOB', async () => {
    const { kysely } = await open(dialect);
    await seedCall(kysely);
    const png = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    await kysely
      .insertInto('call_signatures')
      .values({ call_id: 'c1', summary_hash: 's', image_sha256: 'i', png, strokes: '[]', captured_at: 5 })
      .execute();
    const row = await kysely.selectFrom('call_signatures').select('png').executeTakeFirstOrThrow();
    expect(Buffer.isBuffer(row.png)).toBe(true);
    expect(Buffer.compare(row.png, png)).toBe(0);
  });

  it('refuses to change or delete the audit chain', async () => {
    const { kysely } = await open(dialect);
    await kysely
      .insertInto('audit_log')
      .values({ seq: 1, at: 1, actor_username: 'a', action: 'x', details: '{}', prev_hash: '0', hash: 'h' })
      .execute();
    await expect(kysely.updateTable('audit_log').set({ hash: 'forged' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(kysely.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});

/**
 * N appenders each read the chain's last entry and append the next one, as
 * the audit trail does. Between the read and the write each waits for all the
 * others to have read too (at most a moment), which makes overlapping
 * appenders collide for certain: unserialised, they all read the same head.
 */
async function appendConcurrently(
  appenders: number,
  transaction: (work: (trx: Kysely<Schema>) => Promise<void>) => Promise<void>,
): Promise<PromiseSettledResult<void>[]> {
  let read = 0;
  let everyoneRead: () => void = () => undefined;
  const allRead = new Promise<void>((resolve) => (everyoneRead = resolve));
  return Promise.allSettled(
    Array.from({ length: appenders }, (_, i) =>
      transaction(async (trx) => {
        const head = await trx
          .selectFrom('audit_log')
          .select(['seq', 'hash'])
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (++read === appenders) everyoneRead();
        await Promise.race([allRead, new Promise((resolve) => setTimeout(resolve, 150))]);
        const seq = (head?.seq ?? 0) + 1;
        await trx
          .insertInto('audit_log')
          .values({
            seq,
            at: seq,
            actor_username: `appender-${i}`,
            action: 'test.append',
            details: '{}',
            prev_hash: head?.hash ?? 'genesis',
            hash: `hash-${seq}`,
          })
          .execute();
      }),
    ),
  );
}

async function chainOf(db: Kysely<Schema>): Promise<{ seq: number; prev_hash: string; hash: string }[]> {
  return db.selectFrom('audit_log').select(['seq', 'prev_hash', 'hash']).orderBy('seq').execute();
}

function expectUnforked(chain: { seq: number; prev_hash: string; hash: string }[], length: number): void {
  expect(chain.map((entry) => entry.seq)).toEqual(Array.from({ length }, (_, i) => i + 1));
  chain.forEach((entry, i) => expect(entry.prev_hash).toBe(i === 0 ? 'genesis' : chain[i - 1]!.hash));
}

describe.each(DIALECTS)('serialised() on %s', (dialect) => {
  it('lets concurrent appenders extend the chain one after another, never forking it', async () => {
    const { kysely } = await open(dialect);
    const results = await appendConcurrently(6, (work) => serialised(kysely, LOCK_KEYS.auditChain, work));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expectUnforked(await chainOf(kysely), 6);
  });
});

describe('without serialised() on PostgreSQL', () => {
  it('concurrent appenders on separate connections read the same head and collide (what the lock prevents)', async () => {
    const { kysely } = await open('postgres');
    const results = await appendConcurrently(6, (work) => kysely.transaction().execute(work));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.length).toBe(5);
    for (const r of rejected) expect(String(r.reason)).toMatch(/duplicate key/);
    expectUnforked(await chainOf(kysely), 1);
  });
});

describe('the PostgreSQL pool', () => {
  it('survives the server dropping its idle connections, and says so', async () => {
    const url = await databases.freshPostgres();
    const lost: Error[] = [];
    const shared = await openSharedDatabase({
      databaseUrl: url,
      sqlite: databases.sqliteFile(),
      onConnectionLost: (error) => lost.push(error),
    });
    try {
      await shared.kysely.selectFrom('users').select('id').execute();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await admin.end();
      await expect.poll(() => lost.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await shared.kysely.selectFrom('users').select('id').execute()).toEqual([]);
    } finally {
      await shared.close();
    }
  });
});
