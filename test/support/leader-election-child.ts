// A node's queue leader election alone, in a process a test can SIGKILL
// (test/integration/leader-election.test.ts). argv: the PostgreSQL URL and the
// node's id. Prints one JSON line per event: {"event":"elected","epoch":1}.
import { Kysely, PostgresDialect } from 'kysely';
import { createLeaderElection } from '../../server/platform/cluster/leadership.js';
import { postgresPool } from '../../server/platform/database/postgres-pool.js';
import type { Schema } from '../../server/platform/database/schema.js';

const [databaseUrl, nodeId] = process.argv.slice(2) as [string, string];
const kysely = new Kysely<Schema>({
  dialect: new PostgresDialect({ pool: postgresPool(databaseUrl, () => undefined) }),
});
const election = createLeaderElection({
  database: { kysely, dialect: 'postgres' },
  databaseUrl,
  nodeId,
  clock: Date.now,
  timing: { retryMs: 100, checkMs: 100, checkTimeoutMs: 5_000, backoffAfterLossMs: 1_000 },
});
const say = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);
election.on('elected', (epoch) => say({ event: 'elected', epoch, pid: process.pid }));
election.on('deposed', (reason) => say({ event: 'deposed', reason, pid: process.pid }));
await election.start();
say({ event: 'started', pid: process.pid });
// Kept alive by the test until it kills this process.
setInterval(() => undefined, 60_000);
