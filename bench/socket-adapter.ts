/**
 * npm run bench:socket-adapter — socket.io pushes across nodes through
 * @socket.io/redis-adapter (Debian's redis-server) and
 * @socket.io/postgres-adapter (PostgreSQL LISTEN/NOTIFY), next to one node
 * with the default in-memory adapter. Three socket.io nodes in their own
 * processes, clients in another, spread over the nodes:
 * - latency: node A emits to the room of one client connected to node B or C,
 *   one message every few milliseconds (p50/p95/p99);
 * - the same with every fourth message 20 kB (over NOTIFY's 8,000 bytes:
 *   PostgreSQL's adapter passes it through its attachments table), and how
 *   many arrive after a message sent later;
 * - fan-out as the queue pushes positions: node A emits once per client's own
 *   room, and the time until every client has it; and one emit to a room all
 *   clients are in.
 * BENCH_ADAPTERS (memory,redis,postgres), BENCH_CLIENTS (2000), BENCH_PINGS
 * (500), BENCH_NODES (3). Prints JSON and writes bench/results/socket-adapter.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../scripts/redis/redis-server.js';
import { cpuSeconds, memoryMiB } from './proc-usage.js';
import { quantile, round } from './stats.js';

const ADAPTERS = (process.env.BENCH_ADAPTERS ?? 'memory,redis,postgres').split(',');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2000);
const PINGS = Number(process.env.BENCH_PINGS ?? 500);
const NODES = Number(process.env.BENCH_NODES ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const TSX = { execArgv: ['--import', 'tsx'] };

/** The next message of `type` from a child, within two minutes. */
function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within 2 minutes`)), 120_000);
    const listener = (m: { type: string }): void => {
      if (m.type !== type) return;
      clearTimeout(timer);
      child.off('message', listener);
      resolve(m as T);
    };
    child.on('message', listener);
  });
}

const summary = (latencies: number[]) => ({
  p50: round(quantile(latencies, 0.5), 2),
  p95: round(quantile(latencies, 0.95), 2),
  p99: round(quantile(latencies, 0.99), 2),
  max: round(Math.max(...latencies), 2),
});

interface Store {
  url: string;
  pid?: number;
  stop(): Promise<void>;
}

async function startStore(kind: string, dir: string): Promise<Store | undefined> {
  if (kind === 'redis') return startRedis({ dir });
  if (kind === 'postgres') {
    const { startPostgres } = await import('../scripts/postgres/postgres-server.js');
    return startPostgres({ dir });
  }
  return undefined;
}

async function benchAdapter(kind: string): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `skyteller-bench-${kind}-`));
  const store = await startStore(kind, dir);
  const nodeCount = kind === 'memory' ? 1 : NODES;
  const nodes = Array.from({ length: nodeCount }, () =>
    fork(path.join(here, 'socket-adapter-node.ts'), [], {
      ...TSX,
      env: { ...process.env, BENCH_ADAPTER: kind, BENCH_STORE_URL: store?.url ?? '' },
    }),
  );
  let clients: ChildProcess | undefined;
  try {
    const ports = await Promise.all(nodes.map((n) => next<{ port: number }>(n, 'listening')));
    clients = fork(
      path.join(here, 'socket-adapter-clients.ts'),
      [ports.map((p) => p.port).join(','), String(CLIENTS)],
      TSX,
    );
    await next(clients, 'ready');
    const sender = nodes[0]!;
    // Rooms of clients on the other nodes (client i is on node i mod N); one node: every client.
    const remote = Array.from({ length: CLIENTS }, (_, i) => i)
      .filter((i) => nodeCount === 1 || i % nodeCount !== 0)
      .map((i) => `t:${i}`);
    const measureOrder = async (order: object, count: number) => {
      clients!.send({ type: 'expect', count });
      await next(clients!, 'armed');
      const received = next<{ latencies: number[]; reordered: number }>(clients!, 'received');
      sender.send(order);
      return received;
    };
    const measure = async (order: object, count: number) => (await measureOrder(order, count)).latencies;
    const ping = (largeEvery: number, count: number) =>
      measureOrder({ type: 'ping', rooms: remote.slice(0, 1), count, intervalMs: 2, largeEvery }, count);
    await ping(0, 50); // warm-up: connections, JIT
    const latency = summary((await ping(0, PINGS)).latencies);
    const mixed = await ping(4, Math.min(PINGS, 200));
    const cpuBefore = nodes.map((n) => cpuSeconds(n.pid!) ?? 0);
    const storeCpuBefore = store?.pid ? (cpuSeconds(store.pid) ?? 0) : 0;
    const fanEach = await measure({ type: 'fan-each', rooms: remote }, remote.length);
    const nodeCpu = nodes.map((n, i) => round((cpuSeconds(n.pid!) ?? 0) - cpuBefore[i]!, 2));
    const storeCpu = store?.pid ? round((cpuSeconds(store.pid) ?? 0) - storeCpuBefore, 2) : undefined;
    const fanAll = await measure({ type: 'fan-all' }, CLIENTS);
    return {
      nodes: nodeCount,
      clients: CLIENTS,
      crossNodeLatencyMs: { messages: PINGS, ...latency },
      everyFourth20kBLatencyMs: { ...summary(mixed.latencies), reordered: mixed.reordered },
      fanOutOneEmitPerClient: {
        emits: remote.length,
        allReceivedMs: round(Math.max(...fanEach), 1),
        p50Ms: round(quantile(fanEach, 0.5), 1),
        nodeCpuSeconds: nodeCpu,
        ...(storeCpu === undefined ? {} : { storeCpuSeconds: storeCpu }),
      },
      fanOutOneEmitToAll: { allReceivedMs: round(Math.max(...fanAll), 1) },
      ...(store?.pid ? { storeRssMiB: round(memoryMiB(store.pid)?.rss ?? 0, 1) } : {}),
    };
  } finally {
    clients?.disconnect();
    for (const n of nodes) n.disconnect();
    await Promise.all(
      [clients, ...nodes].map((c) =>
        c && c.exitCode === null ? new Promise((resolve) => c.once('exit', resolve)) : undefined,
      ),
    );
    await store?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, unknown> = {};
for (const kind of ADAPTERS) {
  console.error(`${kind}…`);
  results[kind] = await benchAdapter(kind);
  console.error(kind, JSON.stringify(results[kind]));
}
const result = { adapters: results, machine: { cpus: os.cpus().length, node: process.version } };
console.log(JSON.stringify(result, null, 2));
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'socket-adapter.json'), JSON.stringify(result, null, 2) + '\n');
process.exit(0);
