/**
 * npm run bench:cluster [-- --clients 2000 --concurrency 50 --rounds 5]
 *
 * A local cluster of three nodes (scripts/cluster/start-cluster.ts: PostgreSQL,
 * Redis, the S3 server, haproxy) in a temp folder, and real socket.io clients
 * through haproxy's public origin, in another process (bench/cluster-clients.ts),
 * each with its own cookie jar so haproxy spreads them over the nodes:
 * - ticket joins per second across the nodes: `--clients` customers join,
 *   `--concurrency` at a time (the form, then the page until it knows its place);
 * - position fan-out to all of them: from one change (the head leaving, a teller
 *   accepting the head) to the last waiting client's new `queue:position`;
 * - SIGKILL of the queue leader, then of a node that does not lead: the time
 *   until the last waiting customer of the dead node is back in place (its page
 *   reconnected through haproxy and told its unchanged position);
 * - then, in a fresh cluster of three, a call in Chromium between a customer and a
 *   teller whose pages start on different nodes: the node holding it is SIGKILLed
 *   `--resumes` times (each time the call's new node), and each time the time from
 *   the kill until both pages decode new frames is measured.
 * Prints JSON and writes bench/results/cluster.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/support/browser.js';
import { CallAcrossNodes, ClusterPages } from '../test/support/call-across-nodes.js';
import { leaderAmong, startLocalCluster, type LocalCluster } from '../test/support/local-cluster.js';
import { allProcessesCpu, cpuSeconds, cpuUsedBetween } from './proc-usage.js';
import { quantile, round, wallClockMs } from './stats.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: process.env.BENCH_CLIENTS ?? '2000' },
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '5' },
    resumes: { type: 'string', default: '2' },
  },
});
const CLIENTS = Number(values.clients);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const RESUMES = Number(values.resumes);
const here = path.dirname(fileURLToPath(import.meta.url));

// Before the nodes start (they take this environment): thousands of tickets a minute from one
// machine would pass the ticket limits meant for a real public (README, "Abuse limits").
process.env.SKYTELLER_TICKETS_PER_MINUTE = '1000000';
process.env.SKYTELLER_TICKETS_PER_ADDRESS_PER_MINUTE = '1000000';

type Reply = { type: string; result?: Record<string, unknown>; error?: string };

/** Sends an order to the clients and resolves with their answer to it. */
function order(
  clients: ChildProcess,
  message: { type: string; [key: string]: unknown },
  timeoutMs = 600_000,
) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${message.type}`)), timeoutMs);
    const listener = (reply: Reply): void => {
      if (reply.type !== message.type) return;
      clearTimeout(timer);
      clients.off('message', listener);
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply.result!);
    };
    clients.on('message', listener);
    if (message.type !== 'ready') clients.send(message);
  });
}

const log = (label: string, value: unknown) => console.error(label, JSON.stringify(value));

/** CPU seconds each live node used while `work` ran. */
async function withNodeCpu<T>(cluster: LocalCluster, work: () => Promise<T>) {
  const before = cluster.nodes.map((node) => cpuSeconds(node.pid));
  const result = await work();
  const nodeCpuSeconds: Record<string, number> = {};
  cluster.nodes.forEach((node, i) => {
    const after = cpuSeconds(node.pid);
    if (after !== undefined && before[i] !== undefined) nodeCpuSeconds[node.id] = round(after - before[i], 2);
  });
  return { ...result, nodeCpuSeconds };
}

/** SIGKILLs `nodeId` and measures until its waiting customers are back in place, and until a node leads. */
async function kill(cluster: LocalCluster, clients: ChildProcess, alive: string[], nodeId: string) {
  const node = cluster.nodes.find((one) => one.id === nodeId)!;
  const armed = await order(clients, { type: 'arm-kill', nodeId });
  const survivors = alive.filter((id) => id !== nodeId);
  const names = new Map<number, string>([
    ...cluster.nodes.map((one) => [one.pid, one.id] as const),
    [clients.pid!, 'bench clients'],
  ]);
  const cpuBefore = allProcessesCpu();
  const at = wallClockMs();
  process.kill(node.pid, 'SIGKILL');
  const leader = await leaderAmong(cluster, survivors, 60_000);
  const leaderAfterMs = round(wallClockMs() - at, 0);
  const recovered = await order(clients, { type: 'killed', at });
  // Where the machine's CPU went from the kill until everyone was back (and the second after).
  const cpuSecondsUntilBack = cpuUsedBetween(cpuBefore, allProcessesCpu(), names);
  return {
    ...armed,
    ...recovered,
    leaderAfterKill: leader.id,
    leaderKnownWithinMs: leaderAfterMs,
    cpuSecondsUntilBack,
  };
}

const summary = (rounds: Record<string, unknown>[]) => {
  const times = rounds.map((r) => r.allUpdatedMs as number);
  return { p50Ms: round(quantile(times, 0.5), 1), maxMs: round(Math.max(...times), 1), rounds };
};

/**
 * Kills the node holding a Chromium call `times` times, each a node the call moved to: the time
 * from each SIGKILL until both pages decode new frames (with three nodes, at most twice).
 */
async function resumedCalls(cluster: LocalCluster, times: number) {
  const browser = await launchChromium();
  const pages = new ClusterPages(cluster, browser);
  try {
    const call = await CallAcrossNodes.meet(cluster, pages, { teller: 'teller1', tellerNode: 'node-1' });
    const kills = [];
    for (let i = 0; i < times; i++) {
      // Some seconds of media reach the bucket before the node goes, as in a real call.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const lost = call.holder;
      const { survivor, framesBothSidesMs } = await call.stopHolder(cluster);
      kills.push({ lost, survivor, framesBothSidesMs });
      log('call holder SIGKILLed', kills.at(-1));
    }
    const taken = kills.map((kill) => kill.framesBothSidesMs);
    return { p50Ms: round(quantile(taken, 0.5), 0), maxMs: Math.max(...taken), kills };
  } finally {
    await pages.close();
    await browser.close();
  }
}

/** Keeps the nodes' logs of a failed run: the cluster's folder goes with the cluster. */
function keepLogs(cluster: LocalCluster): void {
  const kept = path.join(here, 'results', 'cluster-logs');
  fs.rmSync(kept, { recursive: true, force: true });
  fs.cpSync(path.join(cluster.dir, 'logs'), kept, { recursive: true });
  console.error(`the nodes' logs are kept in ${kept}`);
}

const report = (line: string) => console.error(`cluster: ${line}`);
const loadBefore = os.loadavg();
const cluster = await startLocalCluster(3, report);
let clients: ChildProcess | undefined;
let queue: Record<string, unknown>;
try {
  const caFile = path.join(cluster.dir, 'bench-ca.pem');
  fs.writeFileSync(caFile, cluster.ca);
  clients = fork(path.join(here, 'cluster-clients.ts'), [cluster.lb, caFile, cluster.demoPassword], {
    execArgv: ['--import', 'tsx'],
  });
  await order(clients, { type: 'ready' });
  const ids = cluster.nodes.map((node) => node.id);
  const firstLeader = (await leaderAmong(cluster, ids)).id;

  const joins = await withNodeCpu(cluster, () =>
    order(clients!, { type: 'join', count: CLIENTS, concurrency: CONCURRENCY }),
  );
  log('joins', joins);
  const leaves = await withNodeCpu(cluster, async () => {
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await order(clients!, { type: 'leave' }));
    return summary(rounds);
  });
  log('fan-out after the head leaves', leaves);
  // Two demo tellers: each takes one head, and stays in that call.
  const accepts = summary([
    await order(clients, { type: 'accept', username: 'teller1' }),
    await order(clients, { type: 'accept', username: 'teller2' }),
  ]);
  log('fan-out after a teller accepts', accepts);

  const leaderKill = await kill(cluster, clients, ids, firstLeader);
  log('leader SIGKILLed', leaderKill);
  const alive = ids.filter((id) => id !== firstLeader);
  const leaderNow = (await leaderAmong(cluster, alive)).id;
  const follower = alive.find((id) => id !== leaderNow)!;
  const followerKill = await kill(cluster, clients, alive, follower);
  log('follower SIGKILLed', followerKill);

  queue = {
    cluster: { nodes: 3, clients: CLIENTS, concurrency: CONCURRENCY, firstLeader },
    ticketJoins: joins,
    positionFanOut: {
      clients: CLIENTS,
      afterHeadLeaves: leaves,
      afterTellerAccepts: accepts,
    },
    nodeKilled: {
      leader: leaderKill,
      nonLeader: followerKill,
    },
  };
} catch (error) {
  keepLogs(cluster);
  throw error;
} finally {
  clients?.disconnect();
  await cluster.remove();
}

// A cluster of its own: the queue's run above left one node of three.
const callCluster = await startLocalCluster(3, report);
let resumedCall: Awaited<ReturnType<typeof resumedCalls>>;
try {
  resumedCall = await resumedCalls(callCluster, RESUMES);
} catch (error) {
  keepLogs(callCluster);
  throw error;
} finally {
  await callCluster.remove();
}

const result = {
  ...queue,
  resumedCallFramesBothSides: resumedCall,
  machine: {
    cpus: os.cpus().length,
    node: process.version,
    loadBefore: loadBefore.map((x) => round(x, 2)),
    loadAfter: os.loadavg().map((x) => round(x, 2)),
  },
};
console.log(JSON.stringify(result, null, 2));
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'cluster.json'), JSON.stringify(result, null, 2) + '\n');
process.exit(0);
