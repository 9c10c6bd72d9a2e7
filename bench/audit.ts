/**
 * npm run bench:audit — appends ENTRIES keyed entries to a chain in a temporary
 * database (append rate), then verifies the whole chain in the verifier's
 * worker thread (entries per second, warm), while the main thread's event loop
 * delay is sampled: what signalling would feel during GET /api/audit/verify.
 * Prints JSON and writes it to bench/results/audit.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AuditStore } from '../server/audit/audit-store.js';
import { ChainVerifier } from '../server/audit/chain-verifier.js';
import { openDatabase } from '../server/platform/database/database.js';
import type { Schema } from '../server/platform/database/schema.js';
import { sqliteKysely } from '../server/platform/database/sqlite-kysely.js';
import { inTransaction } from '../server/platform/database/transaction.js';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);

const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-bench-audit-')), 'skyteller.db');
const db = openDatabase(dbFile);
const key = Buffer.alloc(32, 1);
const kysely = sqliteKysely<Schema>(db);
const store = new AuditStore(kysely, key);
const appendStarted = performance.now();
await inTransaction(kysely, async (trx) => {
  for (let i = 0; i < ENTRIES; i++) {
    await store.in(trx).append({
      at: 1_700_000_000_000 + i,
      actor: { userId: `u${i % 50}`, username: `teller${i % 50}` },
      action: 'service.step_confirmed',
      target: `call-${i % 5000}`,
      details: { stepId: 'identity', i },
    });
  }
});
const appendMs = performance.now() - appendStarted;

const verifier = new ChainVerifier({ source: { sqliteFile: dbFile }, key });
await verifier.verify(); // the thread's start-up, paid once per server
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const verifyStarted = performance.now();
const verdict = await verifier.verify();
const verifyMs = performance.now() - verifyStarted;
delay.disable();
await verifier.close();
db.close();

const result = {
  entries: ENTRIES,
  ok: verdict.ok,
  appendPerSecond: Math.round(ENTRIES / (appendMs / 1000)),
  verifyMs: Math.round(verifyMs),
  verifyEntriesPerSecond: Math.round(ENTRIES / (verifyMs / 1000)),
  mainThreadEventLoopDelayMs: {
    p50: Number((delay.percentile(50) / 1e6).toFixed(1)),
    p99: Number((delay.percentile(99) / 1e6).toFixed(1)),
    max: Number((delay.max / 1e6).toFixed(1)),
  },
  loadAverage: os.loadavg()[0],
};
console.log(JSON.stringify(result, null, 2));
fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
fs.writeFileSync(
  path.join(import.meta.dirname, 'results', 'audit.json'),
  JSON.stringify(result, null, 2) + '\n',
);
