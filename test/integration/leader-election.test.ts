// The queue leader's election (server/platform/cluster/): on PostgreSQL one node
// at a time leads, a node whose session dies or that closes hands over with the
// fencing epoch one higher, and the store refuses what a stale leader decides.
// On SQLite the one node leads at once. Real PostgreSQL, real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/composition/compose.js';
import { assertEpoch, fenced } from '../../server/platform/cluster/fencing.js';
import type { DeposedReason, LeaderElection } from '../../server/platform/cluster/leader-election.js';
import { createLeaderElection } from '../../server/platform/cluster/leadership.js';
import { StaleLeaderEpochError } from '../../server/platform/cluster/leadership-errors.js';
import { LOCK_KEYS } from '../../server/platform/database/lock-keys.js';
import type { Schema } from '../../server/platform/database/schema.js';
import { databasesPerTest, type OpenedDatabase } from '../support/databases.js';
import { waitFor } from '../support/wait.js';

const databases = databasesPerTest();
/** Small intervals; the check's timeout stays generous, so a busy machine does not depose a healthy leader. */
const TIMING = { retryMs: 100, checkMs: 100, checkTimeoutMs: 5_000, backoffAfterLossMs: 1_500 };

interface Node {
  name: string;
  election: LeaderElection;
  elected: number[];
  deposed: DeposedReason[];
}

const nodes: Node[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((node) => node.election.close()));
});

function node(name: string, database: OpenedDatabase, databaseUrl: string | undefined): Node {
  const election = createLeaderElection({
    database,
    databaseUrl,
    nodeId: name,
    clock: Date.now,
    timing: TIMING,
  });
  const made: Node = { name, election, elected: [], deposed: [] };
  election.on('elected', (epoch) => made.elected.push(epoch));
  election.on('deposed', (reason) => made.deposed.push(reason));
  nodes.push(made);
  return made;
}

const leaders = (): Node[] => nodes.filter((n) => n.election.isLeader());

async function onlyLeader(): Promise<Node> {
  await waitFor(() => leaders().length === 1, 10_000);
  // A few more retry rounds: nobody else wins while the leader lives.
  await new Promise((resolve) => setTimeout(resolve, TIMING.retryMs * 5));
  expect(leaders()).toHaveLength(1);
  return leaders()[0]!;
}

async function epochRow(kysely: Kysely<Schema>): Promise<{ epoch: number; node_id: string | null }> {
  return kysely.selectFrom('leader_epoch').select(['epoch', 'node_id']).executeTakeFirstOrThrow();
}

/** A leader's decision, stored under the epoch it was made in. */
function decide(kysely: Kysely<Schema>, epoch: number, value: string): Promise<void> {
  return fenced(kysely, epoch, async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: `decision-${value}`, value })
      .execute();
  });
}

async function onAdminConnection<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Ends the session holding the leader lock, as a crashed node or an administrator would. */
function terminateLockHolder(url: string): Promise<number> {
  const key = LOCK_KEYS.queueLeader;
  return onAdminConnection(url, async (admin) => {
    const { rows } = await admin.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [key.toString()],
    );
    return rows.filter((row) => row.terminated).length;
  });
}

describe('the queue leader on PostgreSQL', () => {
  it('elects exactly one of three nodes, which raises the epoch once', async () => {
    const url = await databases.freshPostgres();
    const database = await databases.open('postgres', url);
    const three = ['a', 'b', 'c'].map((name) => node(name, database, url));
    await Promise.all(three.map((n) => n.election.start()));
    const leader = await onlyLeader();
    expect(leader.elected).toEqual([1]);
    expect(leader.election.epoch).toBe(1);
    // Its checks (every 100 ms) found the lock on its session each time.
    expect(leader.deposed).toEqual([]);
    expect(three.flatMap((n) => n.elected)).toEqual([1]);
    expect(await epochRow(database.kysely)).toEqual({ epoch: 1, node_id: leader.name });
  });

  it('deposes a leader whose session is killed, and another node takes over with the next epoch; the old epoch is refused', async () => {
    const url = await databases.freshPostgres();
    const database = await databases.open('postgres', url);
    const three = ['a', 'b', 'c'].map((name) => node(name, database, url));
    await Promise.all(three.map((n) => n.election.start()));
    const first = await onlyLeader();
    await decide(database.kysely, 1, 'before');

    expect(await terminateLockHolder(url)).toBe(1);
    await waitFor(() => first.deposed.length > 0, 10_000);
    expect(first.deposed).toEqual(['connection_lost']);
    expect(first.election.isLeader()).toBe(false);

    const second = await onlyLeader();
    expect(second).not.toBe(first);
    expect(second.elected).toEqual([2]);
    // The old leader's decision, however late it arrives, is refused by the store.
    const stale = decide(database.kysely, 1, 'stale');
    await expect(stale).rejects.toBeInstanceOf(StaleLeaderEpochError);
    await expect(stale).rejects.toMatchObject({ code: 'stale_leader_epoch', epoch: 1, currentEpoch: 2 });
    await decide(database.kysely, 2, 'after');
    const stored = await database.kysely.selectFrom('settings').select('value').orderBy('value').execute();
    expect(stored.map((row) => row.value)).toEqual(['after', 'before']);
  });

  it('hands over promptly when the leader closes', async () => {
    const url = await databases.freshPostgres();
    const database = await databases.open('postgres', url);
    const two = ['a', 'b'].map((name) => node(name, database, url));
    await Promise.all(two.map((n) => n.election.start()));
    const first = await onlyLeader();
    const closedAt = Date.now();
    await first.election.close();
    expect(first.election.isLeader()).toBe(false);
    const second = two.find((n) => n !== first)!;
    await waitFor(() => second.election.isLeader(), 10_000);
    // Within a few retry intervals (generous for a loaded machine; the lock is free at once).
    expect(Date.now() - closedAt).toBeLessThan(5_000);
    expect(second.election.epoch).toBe(2);
    expect(first.deposed).toEqual([]);
  });

  it('lets a fenced write of the old epoch finish before the new leader is elected, and none after', async () => {
    const url = await databases.freshPostgres();
    const database = await databases.open('postgres', url);
    const first = node('a', database, url);
    await first.election.start();
    expect(first.election.epoch).toBe(1);
    const second = node('b', database, url);
    await second.election.start();

    // The old leader is mid-decision (fenced, not yet committed) when it loses the lock.
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (finish = resolve));
    let checked: () => void = () => undefined;
    const fencedOnce = new Promise<void>((resolve) => (checked = resolve));
    const inFlight = fenced(database.kysely, 1, async (trx) => {
      checked();
      await held;
      await trx.insertInto('settings').values({ key: 'in-flight', value: 'epoch 1' }).execute();
    });
    await fencedOnce;
    try {
      await terminateLockHolder(url);
      await waitFor(() => first.deposed.length > 0, 10_000);
      // b wins the lock, but its raise of the epoch waits for the decision fenced under epoch 1.
      await new Promise((resolve) => setTimeout(resolve, TIMING.retryMs * 5));
      expect(second.election.isLeader()).toBe(false);
    } finally {
      finish();
    }
    await inFlight;
    await waitFor(() => second.election.isLeader(), 10_000);
    expect(second.election.epoch).toBe(2);
    // What the new leader rebuilds from includes the old leader's last decision.
    expect(
      await database.kysely.selectFrom('settings').select('value').where('key', '=', 'in-flight').execute(),
    ).toEqual([{ value: 'epoch 1' }]);
    await expect(database.kysely.transaction().execute((trx) => assertEpoch(trx, 1))).rejects.toMatchObject({
      code: 'stale_leader_epoch',
    });
  });

  it('closes without waiting on a connection that went silent (cut off, never closed)', async () => {
    const url = await databases.freshPostgres();
    const database = await databases.open('postgres', url);
    const relay = await silenceableRelay(new URL(url));
    try {
      const through = new URL(url);
      through.port = String(relay.port);
      const leader = node('a', database, through.toString());
      await leader.election.start();
      await waitFor(() => leader.election.isLeader(), 10_000);
      // Bytes stop flowing both ways and no FIN or RST ever comes: unlock and end would wait forever.
      relay.silence();
      await leader.election.close();
      expect(leader.election.isLeader()).toBe(false);
    } finally {
      relay.close();
    }
  }, 60_000);

  it('keeps trying while the database cannot be reached', async () => {
    const database = await databases.open('postgres');
    const failures: Error[] = [];
    // Nothing listens on port 1.
    const lonely = node('a', database, 'postgres://nobody@127.0.0.1:1/none');
    lonely.election.on('attemptfailed', (error) => failures.push(error));
    await lonely.election.start();
    await waitFor(() => failures.length >= 2, 10_000);
    expect(lonely.election.isLeader()).toBe(false);
  });
});

describe('the queue leader on SQLite (one embedded node)', () => {
  it('leads at once, with a new epoch on every start; the previous run is fenced off', async () => {
    const database = await databases.open('sqlite');
    const first = node('node-1', database, undefined);
    await first.election.start();
    expect(first.election.isLeader()).toBe(true);
    expect(first.elected).toEqual([1]);
    await decide(database.kysely, 1, 'first run');
    await first.election.close();

    const restarted = node('node-1', database, undefined);
    await restarted.election.start();
    expect(restarted.election.epoch).toBe(2);
    await expect(decide(database.kysely, 1, 'stale')).rejects.toMatchObject({ code: 'stale_leader_epoch' });
    await decide(database.kysely, 2, 'second run');
    expect(await epochRow(database.kysely)).toEqual({ epoch: 2, node_id: 'node-1' });
  });
});

describe('the queue leader across processes', () => {
  interface ChildNode {
    child: ChildProcess;
    events: { event: string; epoch?: number; reason?: string }[];
  }
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  function startNode(url: string, name: string): ChildNode {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/leader-election-child.ts', url, name],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    const made: ChildNode = { child, events: [] };
    readline
      .createInterface({ input: child.stdout! })
      .on('line', (line) => made.events.push(JSON.parse(line) as ChildNode['events'][number]));
    return made;
  }
  const electedIn = (n: ChildNode): number[] =>
    n.events.filter((e) => e.event === 'elected').map((e) => e.epoch!);

  it('moves the leadership to the surviving process when the leader is SIGKILLed', async () => {
    const url = await databases.freshPostgres();
    const database = await databases.open('postgres', url);
    const both = [startNode(url, 'node-1'), startNode(url, 'node-2')];
    await waitFor(() => both.every((n) => n.events.some((e) => e.event === 'started')), 60_000);
    await waitFor(() => both.some((n) => electedIn(n).length > 0), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const leader = both.find((n) => electedIn(n).length > 0)!;
    const survivor = both.find((n) => n !== leader)!;
    expect(electedIn(leader)).toEqual([1]);
    expect(electedIn(survivor)).toEqual([]);

    const killedAt = Date.now();
    leader.child.kill('SIGKILL');
    await waitFor(() => electedIn(survivor).length > 0, 15_000);
    expect(electedIn(survivor)).toEqual([2]);
    // A killed process's socket closes with it, so PostgreSQL ends its session at once.
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect((await epochRow(database.kysely)).epoch).toBe(2);
  }, 120_000);
});

/** A TCP relay to PostgreSQL that can stop passing bytes without closing anything, as a cut cable does. */
async function silenceableRelay(target: URL): Promise<{ port: number; silence(): void; close(): void }> {
  const sockets: net.Socket[] = [];
  let silent = false;
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port), target.hostname);
    sockets.push(inbound, outbound);
    inbound.on('data', (chunk) => silent || outbound.write(chunk));
    outbound.on('data', (chunk) => silent || inbound.write(chunk));
    inbound.on('error', () => undefined);
    outbound.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    silence: () => {
      silent = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
