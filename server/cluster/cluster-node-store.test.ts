import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { ClusterNodeStore, type NodeReport } from './cluster-node-store.js';

const databases = databasesPerTest();

const report = (id: string, changes: Partial<NodeReport> = {}): NodeReport => ({
  id,
  url: `https://10.0.0.1:${id === 'node-1' ? 8443 : 8444}`,
  pid: 100,
  leader: false,
  draining: false,
  routers: 2,
  liveCalls: 1,
  cpuPercent: 12.5,
  eventLoopLagMs: 3.25,
  startedAt: 1_700_000_000_000,
  lastSeenAt: 1_700_000_005_000,
  ...changes,
});

describe.each(DIALECTS)('ClusterNodeStore on %s', (dialect) => {
  it('lists every node’s last report by id, as written: flags, fractions and epoch milliseconds', async () => {
    const { kysely } = await databases.open(dialect);
    const store = new ClusterNodeStore(kysely);
    expect(await store.list()).toEqual([]);
    await store.report(report('node-2'));
    await store.report(report('node-1', { leader: true, draining: true }));
    expect(await store.list()).toEqual([
      report('node-1', { leader: true, draining: true }),
      report('node-2'),
    ]);
  });

  it('replaces a node’s report when it reports again (a restarted node keeps its id)', async () => {
    const { kysely } = await databases.open(dialect);
    const store = new ClusterNodeStore(kysely);
    await store.report(report('node-1', { leader: true }));
    const again = report('node-1', {
      pid: 200,
      leader: false,
      routers: 0,
      liveCalls: 0,
      lastSeenAt: 1_700_000_010_000,
    });
    await store.report(again);
    expect(await store.list()).toEqual([again]);
  });

  it('drops a node that leaves, and nothing else', async () => {
    const { kysely } = await databases.open(dialect);
    const store = new ClusterNodeStore(kysely);
    await store.report(report('node-1'));
    await store.report(report('node-2'));
    await store.remove('node-1');
    await store.remove('node-unknown');
    expect((await store.list()).map((node) => node.id)).toEqual(['node-2']);
  });

  it('forgets the nodes not heard from since a time, and only those', async () => {
    const { kysely } = await databases.open(dialect);
    const store = new ClusterNodeStore(kysely);
    await store.report({ ...report('node-dead'), lastSeenAt: 1_000 });
    await store.report({ ...report('node-quiet'), lastSeenAt: 2_000 });
    await store.report({ ...report('node-live'), lastSeenAt: 3_000 });
    expect(await store.forgetSilentSince(2_000)).toBe(1);
    expect((await store.list()).map((node) => node.id)).toEqual(['node-live', 'node-quiet']);
  });
});

describe('ClusterNodeStore, two nodes on one PostgreSQL database', () => {
  it('each sees the other’s report: the list is shared', async () => {
    const url = await databases.freshPostgres();
    const one = new ClusterNodeStore((await databases.open('postgres', url)).kysely);
    const two = new ClusterNodeStore((await databases.open('postgres', url)).kysely);
    await Promise.all([one.report(report('node-1')), two.report(report('node-2'))]);
    for (const store of [one, two]) {
      expect((await store.list()).map((node) => node.id)).toEqual(['node-1', 'node-2']);
    }
  });
});
