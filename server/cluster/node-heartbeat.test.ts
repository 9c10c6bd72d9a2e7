import { describe, expect, it } from 'vitest';
import { databasesPerTest } from '../../test/support/databases.js';
import { ClusterNodeStore, type NodeReport } from './cluster-node-store.js';
import { FORGET_SILENT_NODE_MS, NodeHeartbeat, type NodeHeartbeatDeps } from './node-heartbeat.js';

const databases = databasesPerTest();
const NODE_URL = 'https://10.0.0.1:8443';

/** A store whose answers the test releases by hand, counting what was asked of it. */
class HeldStore {
  reports: NodeReport[] = [];
  removed: string[] = [];
  rows: NodeReport[] = [];
  failNext: Error | undefined;
  #release: (() => void)[] = [];
  hold = false;

  async report(node: NodeReport): Promise<void> {
    this.reports.push(node);
    if (this.hold) await new Promise<void>((resolve) => this.#release.push(resolve));
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    this.rows = [...this.rows.filter((row) => row.id !== node.id), node];
  }

  async remove(id: string): Promise<void> {
    this.removed.push(id);
    if (this.hold) await new Promise<void>((resolve) => this.#release.push(resolve));
    this.rows = this.rows.filter((row) => row.id !== id);
  }

  list(): Promise<NodeReport[]> {
    return Promise.resolve([...this.rows]);
  }

  forgetSilentSince(before: number): Promise<number> {
    const kept = this.rows.filter((row) => row.lastSeenAt >= before);
    const forgotten = this.rows.length - kept.length;
    this.rows = kept;
    return Promise.resolve(forgotten);
  }

  release(): void {
    this.hold = false;
    for (const resolve of this.#release.splice(0)) resolve();
  }
}

function heartbeatOn(store: NodeHeartbeatDeps['store'], changes: Partial<NodeHeartbeatDeps> = {}) {
  const errors: [string, string][] = [];
  const heartbeat = new NodeHeartbeat({
    store,
    nodeId: 'node-1',
    pid: 100,
    leader: { isLeader: () => true },
    draining: () => false,
    holdings: () => ({ routers: 1, liveCalls: 2 }),
    processLoad: () => ({ cpuPercent: 5, eventLoopLagMs: 1 }),
    clock: () => 1_000,
    onError: (error, action) => errors.push([action, (error as Error).message]),
    // The timer stays out of these tests: they beat by hand.
    everyMs: 3_600_000,
    ...changes,
  });
  return { heartbeat, errors };
}

describe('NodeHeartbeat', () => {
  it('never writes twice at once: a beat asked for during a slow write is that write', async () => {
    const store = new HeldStore();
    const { heartbeat } = heartbeatOn(store);
    store.hold = true;
    const first = heartbeat.start(NODE_URL);
    const second = heartbeat.beat();
    expect(store.reports).toHaveLength(1);
    store.release();
    await Promise.all([first, second]);
    expect(store.reports).toHaveLength(1);
    await heartbeat.beat();
    expect(store.reports).toHaveLength(2);
    await heartbeat.stop();
  });

  it('logs a failed write and carries on: the last list read stays, the next beat writes again', async () => {
    const store = new HeldStore();
    const { heartbeat, errors } = heartbeatOn(store);
    await heartbeat.start(NODE_URL);
    expect(heartbeat.nodes.map((node) => node.id)).toEqual(['node-1']);
    store.failNext = new Error('connection terminated');
    await expect(heartbeat.beat()).resolves.toBeUndefined();
    expect(errors).toEqual([['report', 'connection terminated']]);
    expect(heartbeat.nodes.map((node) => node.id)).toEqual(['node-1']);
    await heartbeat.beat();
    expect(store.reports).toHaveLength(3);
    await heartbeat.stop();
  });

  it('removes its row on stop after the write in flight, and writes nothing after', async () => {
    const store = new HeldStore();
    const { heartbeat } = heartbeatOn(store);
    store.hold = true;
    const beating = heartbeat.start(NODE_URL);
    const stopping = heartbeat.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The write has not answered yet: removing now would let it put the row back.
    expect(store.removed).toEqual([]);
    store.release();
    await Promise.all([beating, stopping]);
    expect(store.removed).toEqual(['node-1']);
    await heartbeat.beat();
    expect(store.reports).toHaveLength(1);
    expect(store.rows).toEqual([]);
  });

  it('reports whether the node drains as it is at each beat', async () => {
    const store = new HeldStore();
    let draining = false;
    const { heartbeat } = heartbeatOn(store, { draining: () => draining });
    await heartbeat.start(NODE_URL);
    draining = true;
    await heartbeat.beat();
    expect(store.reports.map((report) => report.draining)).toEqual([false, true]);
    expect(heartbeat.nodes).toEqual([expect.objectContaining({ id: 'node-1', draining: true })]);
    await heartbeat.stop();
  });

  it('reports nothing before it is started: the node does not listen yet', async () => {
    const store = new HeldStore();
    const { heartbeat } = heartbeatOn(store);
    await heartbeat.beat();
    expect(store.reports).toEqual([]);
    expect(heartbeat.nodes).toEqual([]);
  });

  it('stops within its bound when the database does not answer, saying so', async () => {
    const store = new HeldStore();
    const { heartbeat, errors } = heartbeatOn(store, { removeTimeoutMs: 50 });
    store.hold = true;
    await heartbeat.stop();
    expect(errors).toEqual([['remove', 'no answer within 50 ms']]);
    store.release();
  });

  it('forgets a node silent for over a day, and keeps listing one that died an hour ago', async () => {
    const { kysely } = await databases.open('sqlite');
    const store = new ClusterNodeStore(kysely);
    const now = 10 * FORGET_SILENT_NODE_MS;
    const killed = (id: string, lastSeenAt: number): NodeReport => ({
      id,
      url: `https://${id}:8443`,
      pid: 1,
      leader: false,
      draining: false,
      routers: 0,
      liveCalls: 0,
      cpuPercent: 0,
      eventLoopLagMs: 0,
      startedAt: 0,
      lastSeenAt,
    });
    await store.report(killed('node-last-week', now - FORGET_SILENT_NODE_MS - 1));
    await store.report(killed('node-an-hour-ago', now - 3_600_000));
    const { heartbeat, errors } = heartbeatOn(store, { clock: () => now });
    await heartbeat.start(NODE_URL);
    expect(heartbeat.nodes.map((node) => node.id)).toEqual(['node-1', 'node-an-hour-ago']);
    expect(errors).toEqual([]);
    await heartbeat.stop();
  });

  it('on a real database: lists itself once started, with what it holds, and is gone after stop', async () => {
    const { kysely } = await databases.open('sqlite');
    const store = new ClusterNodeStore(kysely);
    const { heartbeat, errors } = heartbeatOn(store);
    await heartbeat.start(NODE_URL);
    expect(await store.list()).toEqual([
      {
        id: 'node-1',
        url: NODE_URL,
        pid: 100,
        leader: true,
        draining: false,
        routers: 1,
        liveCalls: 2,
        cpuPercent: 5,
        eventLoopLagMs: 1,
        startedAt: 1_000,
        lastSeenAt: 1_000,
      },
    ]);
    expect(heartbeat.nodes).toEqual(await store.list());
    await heartbeat.stop();
    expect(await store.list()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
