import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config.js';
import { openDatabase } from '../platform/database/database.js';
import type { Schema } from '../platform/database/schema.js';
import { sqliteKysely } from '../platform/database/sqlite-kysely.js';
import { createLogger } from '../platform/observability/logger.js';
import { legacyEntryHash, GENESIS_HASH } from './rules/audit-entry.js';
import { sampleFacts, TEST_KEY } from './rules/audit-fixtures.js';
import { createAuditChain } from './audit-chain-setup.js';
import { checkStoredChain } from './chain-check.js';

/** Rows as the server wrote them before the audit key: plain SHA-256, marked so by the migration. */
function writeUnkeyedEntries(dbFile: string, count: number): void {
  const db = openDatabase(dbFile);
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < count; i++) {
    const entry = { ...sampleFacts(i), seq: i + 1, prevHash };
    const hash = legacyEntryHash(entry);
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_username, action, target, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.seq,
      entry.at,
      entry.actor.userId,
      entry.actor.username,
      entry.action,
      entry.target,
      JSON.stringify(entry.details),
      prevHash,
      hash,
    );
    prevHash = hash;
  }
  db.close();
}

describe('a database from before the audit key', () => {
  it('is sealed by a keyed entry on the first start, then verifies with its unkeyed entries counted', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-legacy-'));
    const dbFile = path.join(dataDir, 'skyteller.db');
    writeUnkeyedEntries(dbFile, 3);
    const source = { sqliteFile: dbFile };
    expect(await checkStoredChain({ source, key: TEST_KEY })).toMatchObject({
      ok: false,
      firstBroken: { seq: 4, reason: 'legacy_unsealed' },
    });

    const db = openDatabase(dbFile);
    const config = loadConfig({ SKYTELLER_DATA_DIR: dataDir });
    const logger = createLogger('silent');
    const kysely = sqliteKysely<Schema>(db);
    await createAuditChain({ kysely, config, key: TEST_KEY, clock: () => 1_800_000_000_000, logger });
    // A second start finds a keyed head: nothing more to seal.
    await createAuditChain({ kysely, config, key: TEST_KEY, clock: () => 1_800_000_000_000, logger });
    const sealed = await kysely
      .selectFrom('audit_log')
      .select(['seq', 'action', 'algorithm'])
      .where('seq', '>', 3)
      .execute();
    expect(sealed).toEqual([{ seq: 4, action: 'audit.chain_keyed', algorithm: 'hmac-sha256' }]);
    db.close();
    expect(await checkStoredChain({ source, key: TEST_KEY })).toMatchObject({
      ok: true,
      entries: 4,
      legacyEntries: 3,
    });
  });
});
