import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleFacts, TEST_KEY } from './rules/audit-fixtures.js';
import { verifyChain } from './rules/verify-chain.js';
import { AuditStore } from './audit-store.js';
import { openDatabase, type Db } from '../platform/database/database.js';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
const database = (file = ':memory:') => {
  const db = openDatabase(file);
  open.push(db);
  return db;
};

describe('AuditStore', () => {
  it('stores entries that read back as a valid chain, details in canonical JSON', () => {
    const db = database();
    const repo = new AuditStore(db, TEST_KEY);
    for (let i = 0; i < 5; i++) repo.append(sampleFacts(i, { z: 1, a: [i] }));
    expect(verifyChain(repo.entries(), { key: TEST_KEY })).toMatchObject({ ok: true, entries: 5 });
    expect(db.prepare('SELECT details FROM audit_log WHERE seq = 2').get()).toEqual({
      details: '{"a":[1],"i":1,"z":1}',
    });
  });

  it('keeps one chain when two connections to one file append in turn', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-audit-')), 'db.sqlite');
    const [a, b] = [new AuditStore(database(file), TEST_KEY), new AuditStore(database(file), TEST_KEY)];
    for (let i = 0; i < 20; i++) (i % 3 ? a : b).append(sampleFacts(i));
    expect(verifyChain(a.entries(), { key: TEST_KEY })).toMatchObject({ ok: true, entries: 20 });
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('joins a transaction already open, and goes away with its rollback', () => {
    const db = database();
    const repo = new AuditStore(db, TEST_KEY);
    repo.append(sampleFacts(0));
    expect(() =>
      db.transaction(() => {
        repo.append(sampleFacts(1));
        throw new Error('the action failed');
      })(),
    ).toThrow('the action failed');
    repo.append(sampleFacts(2));
    expect(verifyChain(repo.entries(), { key: TEST_KEY })).toMatchObject({ ok: true, entries: 2 });
  });
});
