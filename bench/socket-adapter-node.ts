/**
 * One socket.io node of the adapter benchmark, in its own process: a plain
 * socket.io server on a free port whose adapter is the one named by
 * BENCH_ADAPTER (memory, redis or postgres, at BENCH_STORE_URL). Each client
 * names its room in its handshake and also joins `all`. The parent asks it to
 * emit; what it emits carries the wall-clock time it was sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import pg from 'pg';
import { createClient } from 'redis';
import { machineClockMs } from './stats.js';

type Order =
  | { type: 'ping'; rooms: string[]; count: number; intervalMs: number; largeEvery: number }
  | { type: 'fan-each'; rooms: string[] }
  | { type: 'fan-all' };

const kind = process.env.BENCH_ADAPTER ?? 'memory';
const storeUrl = process.env.BENCH_STORE_URL ?? '';
const send = (message: unknown): void => void process.send!(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const httpServer = http.createServer();
const io = new Server(httpServer, { serveClient: false, transports: ['websocket'] });
const closers: (() => Promise<unknown>)[] = [];
if (kind === 'redis') {
  const pub = createClient({ url: storeUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createRedisAdapter(pub, sub));
  closers.push(
    () => pub.quit(),
    () => sub.quit(),
  );
} else if (kind === 'postgres') {
  const pool = new pg.Pool({ connectionString: storeUrl, max: 10 });
  // A connection the server ends at shutdown is not the benchmark's failure.
  pool.on('error', () => undefined);
  // Payloads over NOTIFY's 8,000 bytes go through this table; the adapter deletes old rows itself.
  await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
    id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
  io.adapter(createPostgresAdapter(pool));
  closers.push(() => pool.end());
}
io.on('connection', (socket) => {
  const room = socket.handshake.auth.room;
  if (typeof room === 'string') void socket.join([room, 'all']);
});
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));

process.on('message', (order: Order) => {
  void (async () => {
    if (order.type === 'ping') {
      // Every `largeEvery`-th message carries 20 kB, over PostgreSQL NOTIFY's 8,000 bytes.
      const large = 'x'.repeat(20_000);
      for (let seq = 0; seq < order.count; seq++) {
        const pad = order.largeEvery > 0 && seq % order.largeEvery === 0 ? large : '';
        io.to(order.rooms[seq % order.rooms.length]!).emit('bench:ping', {
          sentAt: machineClockMs(),
          seq,
          pad,
        });
        await sleep(order.intervalMs);
      }
    } else if (order.type === 'fan-each') {
      // As the queue pushes positions: one emit per customer's own room, in one turn.
      const sentAt = machineClockMs();
      order.rooms.forEach((room, position) => io.to(room).emit('bench:fan', { sentAt, position }));
    } else {
      io.to('all').emit('bench:all', { sentAt: machineClockMs() });
    }
    send({ type: 'sent' });
  })();
});
process.on('disconnect', () => {
  // The adapter first: it gives back the pool's LISTEN connection, which pool.end() waits for.
  void io
    .close()
    .then(() => Promise.allSettled(closers.map((close) => close())))
    .then(() => process.exit(0));
});
send({ type: 'listening', port: (httpServer.address() as AddressInfo).port });
