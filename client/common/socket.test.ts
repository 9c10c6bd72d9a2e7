import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiNode, urlOf } from './api.js';
import { SocketClient } from './socket.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';

/**
 * A stand-in for haproxy in front of nodes, on one port: `/socket.io` is the
 * load balancer's node ("lb"), `/node/x/socket.io` node x, and `/node/strict/…`
 * a node whose middleware refuses every socket. Anything else under `/node/` is a
 * node that is down, answered 503 as haproxy does when a backend has no server up.
 */
let httpServer: http.Server;
const servers: Server[] = [];
let origin: string;

function node(id: string, path: string, refuse = false): Server {
  const server = new Server(httpServer, { path, serveClient: false });
  if (refuse) server.use((_socket, next) => next(new Error('unauthorized')));
  server.on('connection', (socket) => {
    socket.emit('node:hello', { nodeId: id });
    socket.on('whereami', (_payload: unknown, ack: (answer: unknown) => void) => ack({ ok: true, data: id }));
  });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  httpServer = http.createServer((req, res) => {
    res.writeHead(req.url?.startsWith('/node/') ? 503 : 404).end();
  });
  node('lb', '/socket.io');
  node('x', '/node/x/socket.io');
  node('strict', '/node/strict/socket.io', true);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  // socket.io-client takes the page's own origin when given no URL, as in the browser.
  vi.stubGlobal('location', new URL(`${origin}/teller/`));
});

afterAll(async () => {
  vi.unstubAllGlobals();
  for (const server of servers) server.engine.close();
  await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  httpServer.closeAllConnections();
});

const clients: SocketClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

function open(options: ConstructorParameters<typeof SocketClient>[1] = {}) {
  const client = new SocketClient({}, options);
  clients.push(client);
  const connects: string[] = [];
  client.socket.on('connect', () => connects.push(client.socket.io.opts.path ?? ''));
  return { client, connects };
}

/** Which node answers a request now: the proof that the socket is connected there. */
async function answeredBy(client: SocketClient): Promise<unknown> {
  const ask = client.socket.timeout(2_000).emitWithAck.bind(client.socket.timeout(2_000)) as unknown as (
    event: string,
    payload: unknown,
  ) => Promise<{ data: unknown }>;
  return (await ask('whereami', {})).data;
}

const connected = (client: SocketClient, nodeId: string) =>
  expect.poll(() => client.socket.connected && client.nodeId, { timeout: 5_000 }).toBe(nodeId);

describe('SocketClient against real socket.io servers behind per-node paths', () => {
  it('learns its node from node:hello, moves to /node/<id>/socket.io with the same socket, and back', async () => {
    const { client, connects } = open();
    const heard: string[] = [];
    client.on('node:hello', ({ nodeId }) => heard.push(nodeId));
    await connected(client, 'lb');
    expect(client.pinnedNode).toBeNull();

    client.moveTo('x');
    expect(apiNode()).toBe('x');
    await connected(client, 'x');
    expect(await answeredBy(client)).toBe('x');
    // Moving to where it is already pinned does nothing.
    client.moveTo('x');
    expect(client.socket.connected).toBe(true);

    client.moveTo(null);
    await connected(client, 'lb');
    expect(apiNode()).toBeNull();
    // One Socket throughout: every listener heard every connection.
    expect(heard).toEqual(['lb', 'x', 'lb']);
    expect(connects).toEqual(['/socket.io', '/node/x/socket.io', '/socket.io']);
  });

  it('opens pinned when told its node first, and REST follows it', async () => {
    const { client } = open({ nodeId: 'x' });
    await connected(client, 'x');
    expect(urlOf(restRoutes.tellerHistory)).toBe('/node/x/api/teller/history');
    client.close();
    expect(apiNode()).toBeNull();
    expect(urlOf(restRoutes.tellerHistory)).toBe('/api/teller/history');
  });

  it('opens only on connect() when asked to wait, on the node chosen meanwhile', async () => {
    const { client, connects } = open({ autoConnect: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.socket.active).toBe(false);
    client.moveTo('x');
    expect(client.socket.active).toBe(false);
    client.connect();
    await connected(client, 'x');
    expect(connects).toEqual(['/node/x/socket.io']);
  });

  it('falls back to the load balancer when its node is down (503), and waits before pinning there again', async () => {
    const { client, connects } = open({ retryPinMs: 600 });
    const failedAt: number[] = [];
    client.socket.on('connect_error', () => failedAt.push(Date.now()));
    await connected(client, 'lb');
    client.moveTo('gone');
    await connected(client, 'lb');
    expect(client.pinnedNode).toBeNull();
    expect(apiNode()).toBeNull();
    expect(connects).toEqual(['/socket.io', '/socket.io']);
    expect(failedAt).toHaveLength(1);

    // A state answer that still names the dead node: the move waits out the retry time, then fails again.
    client.moveTo('gone');
    expect(client.pinnedNode).toBeNull();
    await expect.poll(() => failedAt.length, { timeout: 3_000 }).toBe(2);
    expect(failedAt[1]! - failedAt[0]!).toBeGreaterThanOrEqual(550);
    await connected(client, 'lb');
    expect(client.pinnedNode).toBeNull();
    // A move elsewhere in the meantime is not held up.
    client.moveTo('x');
    await connected(client, 'x');
  });

  it('falls back when its node dies while connected', async () => {
    let alive = true;
    // While down, the node refuses every request (haproxy would answer 503; either fails the transport).
    const dying = new Server(httpServer, {
      path: '/node/y/socket.io',
      serveClient: false,
      allowRequest: (_req, callback) => callback(alive ? null : 'down', alive),
    });
    servers.push(dying);
    dying.on('connection', (socket) => socket.emit('node:hello', { nodeId: 'y' }));
    const { client } = open();
    await connected(client, 'lb');
    client.moveTo('y');
    await connected(client, 'y');
    // The node goes: its connections drop without a word of socket.io, and its path refuses from now on.
    alive = false;
    for (const socket of dying.sockets.sockets.values()) socket.conn.close();
    await connected(client, 'lb');
    expect(client.pinnedNode).toBeNull();
  });

  it('keeps its pin when the node answers and refuses the socket', async () => {
    const { client } = open({ nodeId: 'strict' });
    const refused = new Promise<string>((resolve) =>
      client.socket.on('connect_error', (e) => resolve(e.message)),
    );
    expect(await refused).toBe('unauthorized');
    expect(client.pinnedNode).toBe('strict');
    expect(apiNode()).toBe('strict');
  });
});
