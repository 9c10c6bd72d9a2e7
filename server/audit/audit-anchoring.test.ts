import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../platform/observability/logger.js';
import { openDatabase, type Db } from '../platform/database/database.js';
import type { Schema } from '../platform/database/schema.js';
import { sqliteKysely } from '../platform/database/sqlite-kysely.js';
import { sampleFacts, TEST_KEY } from './rules/audit-fixtures.js';
import { parseAnchorLine } from './rules/anchor.js';
import { AuditAnchoring } from './audit-anchoring.js';
import { AuditStore } from './audit-store.js';

const HOUR = 3_600_000;

describe('anchoring the audit chain', () => {
  let db: Db;
  let file: string;
  let now: number;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_700_000_000_000;
    db = openDatabase(':memory:');
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-anchor-')), 'anchors.jsonl');
  });
  afterEach(() => {
    vi.useRealTimers();
    db.close();
  });
  const lines = () =>
    fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map(parseAnchorLine) : [];

  it('appends the keyed head every hour on the injected clock, once per new head, and at shutdown', async () => {
    const store = new AuditStore(sqliteKysely<Schema>(db), TEST_KEY);
    const anchoring = new AuditAnchoring({
      store,
      key: TEST_KEY,
      clock: () => now,
      logger: createLogger('silent'),
      anchorFile: file,
    });
    anchoring.start();
    await store.append(sampleFacts(0));
    await store.append(sampleFacts(1));
    now += HOUR - 1;
    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(lines()).toEqual([]);
    now += 1;
    await vi.advanceTimersByTimeAsync(1);
    expect(lines()).toEqual([expect.objectContaining({ kind: 'hmac', seq: 2, at: now })]);
    // Nothing new in the next hour: nothing appended.
    now += HOUR;
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(lines()).toHaveLength(1);
    await store.append(sampleFacts(2));
    await anchoring.close();
    expect(lines().map((a) => a?.seq)).toEqual([2, 3]);
    expect((await store.anchors()).map((a) => a.seq)).toEqual([2, 3]);
  });

  it('falls back to the keyed head when the TSA fails', async () => {
    const store = new AuditStore(sqliteKysely<Schema>(db), TEST_KEY);
    const anchoring = new AuditAnchoring({
      store,
      key: TEST_KEY,
      clock: () => now,
      logger: createLogger('silent'),
      timestamp: () => Promise.reject(new Error('TSA down')),
    });
    await store.append(sampleFacts(0));
    expect(await anchoring.anchorNow()).toMatchObject({ kind: 'hmac', seq: 1 });
  });

  it('does not anchor again a head another node sharing the database has anchored', async () => {
    const store = new AuditStore(sqliteKysely<Schema>(db), TEST_KEY);
    const node = () =>
      new AuditAnchoring({ store, key: TEST_KEY, clock: () => now, logger: createLogger('silent') });
    await store.append(sampleFacts(0));
    expect(await node().anchorNow()).toMatchObject({ seq: 1 });
    expect(await node().anchorNow()).toBeUndefined();
    await store.append(sampleFacts(1));
    expect(await node().anchorNow()).toMatchObject({ seq: 2 });
    expect((await store.anchors()).map((a) => a.seq)).toEqual([1, 2]);
  });
});
