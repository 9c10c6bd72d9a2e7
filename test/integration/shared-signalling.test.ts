import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../../scripts/redis/redis-server.js';
import { AttemptLimit } from '../../server/platform/attempt-limit.js';
import { SharedRedis } from '../../server/platform/redis/shared-redis.js';
import { createSocketServer, type AppServer } from '../../server/platform/socket/socket-server.js';
import { connect, httpRequest, login, nextEvent, request, type TestSocket } from '../support/clients.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

/** Two nodes sharing one real redis-server, as several Skyteller processes behind a load balancer do. */
let redis: RunningRedis;
let redisDir: string;
const toClose: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-redis-'));
  redis = await startRedis({ dir: redisDir });
});
afterAll(async () => {
  for (const close of toClose.reverse()) await close();
  await redis.stop();
  fs.rmSync(redisDir, { recursive: true, force: true });
});

/** A socket.io node over the platform's socket module: each client names its room in its handshake. */
async function socketNode(
  redisUrl = redis.url,
  problem: (error: Error) => void = () => undefined,
): Promise<{ io: AppServer<string>; url: string }> {
  const shared = await SharedRedis.connect(redisUrl, problem);
  const httpServer = http.createServer();
  const io = createSocketServer<string>(httpServer, {
    allowedOrigins: () => [],
    authenticate: (handshake) => (typeof handshake.auth.room === 'string' ? handshake.auth.room : undefined),
    connected: (socket) => void socket.join(socket.data.principal),
    outgoingBufferBytes: 1024 * 1024,
    adapter: shared.socketAdapter(),
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  toClose.push(async () => {
    await io.close();
    await shared.close();
  });
  return { io, url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` };
}

async function clientOf(url: string, room: string): Promise<TestSocket> {
  const socket: TestSocket = connectClient(url, {
    auth: { room },
    transports: ['websocket'],
    reconnection: false,
  });
  toClose.push(async () => socket.close());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('shared signalling through Redis', () => {
  it("carries a push emitted on node A to a room's clients connected to node B", async () => {
    const [a, b] = [await socketNode(), await socketNode()];
    // Both adapters have subscribed once Redis counts two nodes.
    await expect.poll(() => a.io.of('/').adapter.serverCount(), { timeout: 10_000 }).toBe(2);
    const onB = await clientOf(b.url, 'ticket:t1');
    const otherRoomOnB = await clientOf(b.url, 'ticket:t2');
    const onA = await clientOf(a.url, 'ticket:t1');
    let strayPush = false;
    otherRoomOnB.on('transfer:withdrawn', () => (strayPush = true));

    const received = Promise.all([
      nextEvent(onB, 'transfer:withdrawn'),
      nextEvent(onA, 'transfer:withdrawn'),
    ]);
    a.io.to('ticket:t1').emit('transfer:withdrawn', { callId: 'c1', transferId: 'x1' });

    expect(await received).toEqual([
      { callId: 'c1', transferId: 'x1' },
      { callId: 'c1', transferId: 'x1' },
    ]);
    expect(strayPush).toBe(false);
  });

  it('counts an attempt limit once for both nodes', async () => {
    const shared = [
      await SharedRedis.connect(redis.url, () => undefined),
      await SharedRedis.connect(redis.url, () => undefined),
    ];
    toClose.push(...shared.map((s) => () => s.close()));
    const [onA, onB] = shared.map((s) => new AttemptLimit(2, 60, 'shared-test', s.limits));
    expect(await onA!.take('key')).toBe(0);
    expect(await onB!.take('key')).toBe(0);
    expect(await onA!.take('key')).toBeGreaterThan(55_000);
    expect(await onB!.take('key')).toBeGreaterThan(55_000);
    expect(await onB!.take('other key')).toBe(0);
  });
});

describe('rate limits while Redis is gone', () => {
  it("go on counting in each node's memory", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-redis-gone-'));
    const ownRedis = await startRedis({ dir });
    const shared = await SharedRedis.connect(ownRedis.url, () => undefined);
    toClose.push(
      () => shared.close(),
      async () => fs.rmSync(dir, { recursive: true, force: true }),
    );
    const limit = new AttemptLimit(2, 60, 'insured-test', shared.limits);
    await ownRedis.stop();

    expect(await limit.take('key')).toBe(0);
    expect(await limit.take('key')).toBe(0);
    expect(await limit.take('key')).toBeGreaterThan(55_000);
  });
});

describe('a Redis that stalls and dies with pushes in flight', () => {
  it('costs those pushes only: the node stays up, is told, and pushes again once Redis is back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-redis-stall-'));
    let ownRedis = await startRedis({ dir });
    const told: Error[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    toClose.push(
      async () => process.off('unhandledRejection', onUnhandled),
      () => ownRedis.stop(),
      async () => fs.rmSync(dir, { recursive: true, force: true }),
    );
    const a = await socketNode(ownRedis.url, (error) => told.push(error));
    const b = await socketNode(ownRedis.url);
    await expect.poll(() => a.io.of('/').adapter.serverCount(), { timeout: 10_000 }).toBe(2);
    const onB = await clientOf(b.url, 'ticket:t1');

    // Stalled, Redis takes the publishes and answers none; killed, it drops them unanswered.
    process.kill(ownRedis.pid, 'SIGSTOP');
    for (let i = 0; i < 20; i++)
      a.io.to('ticket:t1').emit('transfer:withdrawn', { callId: 'lost', transferId: `${i}` });
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(ownRedis.pid, 'SIGKILL');
    await expect.poll(() => told.length, { timeout: 10_000 }).toBeGreaterThan(0);

    ownRedis = await startRedis({ dir, port: ownRedis.port });
    await expect.poll(() => a.io.of('/').adapter.serverCount(), { timeout: 20_000 }).toBe(2);
    const received = nextEvent(onB, 'transfer:withdrawn', (push) => push.callId === 'after', 15_000);
    a.io.to('ticket:t1').emit('transfer:withdrawn', { callId: 'after', transferId: 'x' });
    expect(await received).toEqual({ callId: 'after', transferId: 'x' });
    expect(unhandled).toEqual([]);
  }, 60_000);
});

describe('a Redis that does not answer', () => {
  it('stops the start with a message naming SKYTELLER_REDIS_URL', async () => {
    const stopped = await startRedis({ dir: redisDir });
    await stopped.stop();
    await expect(SharedRedis.connect(stopped.url, () => undefined, 500)).rejects.toThrow(
      /SKYTELLER_REDIS_URL: Redis did not answer/,
    );
  });
});

describe('two Skyteller servers with SKYTELLER_REDIS_URL', () => {
  let servers: TestServer[];
  beforeAll(async () => {
    const env = { SKYTELLER_REDIS_URL: redis.url, SKYTELLER_LOGIN_ATTEMPTS_PER_MINUTE: '3' };
    // One data folder stands in for the shared store (PostgreSQL in a cluster): the same accounts, sessions and keys on both.
    const a = await startTestServer(env);
    const b = await startTestServer(env, { dataDir: a.dataDir });
    servers = [a, b];
    toClose.push(...servers.map((s) => () => s.close()));
  });

  it("pushes a teller's new status, set on node A, to the teller's page connected to node B", async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const { token } = await login(a, 'teller1');
    const pageOnA = await connect(a, { token });
    const pageOnB = await connect(b, { token });
    toClose.push(
      async () => pageOnA.close(),
      async () => pageOnB.close(),
    );
    const available = nextEvent(pageOnB, 'teller:state', (state) => state.status === 'available', 15_000);

    await request(pageOnA, 'teller:setStatus', { status: 'available' });

    expect(await available).toMatchObject({ status: 'available' });
  });

  it('refuses sign-ins on node B once they were used up on node A', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const attempt = (server: TestServer, password: string) =>
      httpRequest(server, 'POST', '/api/auth/login', { json: { username: 'supervisor1', password } });
    for (let i = 0; i < 3; i++) expect((await attempt(a, 'wrong password')).status).toBe(401);

    expect(await attempt(b, DEMO_PASSWORD)).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limited' } },
    });
  });
});
