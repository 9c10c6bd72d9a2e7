// A node stopped with SIGTERM drains first (README, "Deployment"): two servers on one PostgreSQL
// and one Redis, as a cluster runs them. The draining node answers /healthz 503, says so in the
// shared node list, lets the other node lead, and lets its waiting customers' and free tellers'
// pages go; they come back on the other node (here the test reconnects them, as haproxy would)
// in their places and order. A call in progress moves to the other node; with no other node to
// take it, it holds the drain until it ends.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterViewSchema } from '../../shared/contracts/cluster.js';
import type { HealthView } from '../../shared/contracts/rest-routes.js';
import { setUpCall } from '../support/call-setup.js';
import {
  connect,
  httpRequest,
  login,
  nextEvent,
  request,
  staffHeaders,
  type TestSocket,
} from '../support/clients.js';
import { nodesPerTest } from '../support/nodes-per-test.js';
import { kill, spawnServer } from '../support/server-process.js';
import { tellerAtDesk } from '../support/staff.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const cluster = nodesPerTest('node-drain');
const { dir } = cluster;
const { nodes, processes, sockets } = cluster.started;
/** Generous for a loaded machine (`stress -c 2`): elections and reloads wait on PostgreSQL and Redis. */
const SLOW_MS = 20_000;
/** A short load balancer wait: no haproxy here. */
const clusterEnv = async () => ({ ...(await cluster.clusterEnv()), SKYTELLER_DRAIN_LB_WAIT_MS: '300' });

const twoNodes = () => cluster.twoNodes({ SKYTELLER_DRAIN_LB_WAIT_MS: '300' });
const { customerOn } = cluster;

const disconnected = (socket: TestSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
const positionsOn = async (node: TestServer, ticketIds: string[]) =>
  (await Promise.all(ticketIds.map((id) => node.queue.customers.view(id)))).map((view) => view.position);
const statuses = async (node: TestServer, ticketIds: string[]) =>
  Promise.all(
    ticketIds.map(
      async (id) =>
        (await node.kysely.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirst())
          ?.status,
    ),
  );

describe('a node draining on SIGTERM, with another node on the same PostgreSQL and Redis', () => {
  it('hands the lead and its waiting pages to the other node: same places, same order, the teller’s status kept', async () => {
    const [a, b] = await twoNodes();
    expect(a.leadership.isLeader()).toBe(true);
    const waiting = [await customerOn(a), await customerOn(b), await customerOn(a), await customerOn(a)];
    const ids = waiting.map((c) => c.ticketId);
    await waitFor(async () => (await positionsOn(a, ids)).join() === '1,2,3,4', SLOW_MS);
    // A teller at work on the draining node, offered the first customer there.
    const teller = await tellerAtDesk(a, 'teller1');
    sockets.push(teller.socket);
    await waitFor(
      async () => (await request(teller.socket, 'teller:state', {})).offer?.ticketId === ids[0],
      SLOW_MS,
    );
    const onA = [waiting[0]!, waiting[2]!, waiting[3]!];
    const letGo = [...onA.map((c) => disconnected(c.socket)), disconnected(teller.socket)];

    const draining = a.drain();
    // At once: the load balancer's health check fails, and no acceptance is taken here any more.
    const health = await httpRequest<HealthView>(a, 'GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'draining', draining: true, nodeId: 'node-a' });
    const refused = await request(teller.socket, 'offer:accept', { ticketId: ids[0]! }).catch(
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/^offer:accept failed: invalid_state/);

    // The other node leads, and the shared node list says node A drains.
    await waitFor(() => b.leadership.isLeader(), SLOW_MS);
    const supervisor = staffHeaders((await login(b, 'supervisor1')).token);
    const listed = async () =>
      clusterViewSchema
        .parse((await httpRequest(b, 'GET', '/api/cluster', { headers: supervisor })).body)
        .nodes.map((node) => [node.id, node.leader, node.draining].join());
    await waitFor(async () => (await listed()).join(' ') === 'node-a,false,true node-b,true,false', SLOW_MS);

    // Nothing holds node A: its waiting customers' and its teller's pages are let go, and the drain ends.
    expect(await Promise.all(letGo)).toEqual(Array(4).fill('io server disconnect'));
    await draining;
    expect(a.queue.presence.get(teller.tellerId)).toBeUndefined();
    // The pages come back through the load balancer, to node B: nobody went to the back.
    const movedPages: TestSocket[] = [];
    for (const customer of onA) movedPages.push(await connect(b, { ticketToken: customer.ticketToken }));
    sockets.push(...movedPages);
    await b.queue.turns.settled();
    expect(await positionsOn(b, ids)).toEqual([1, 2, 3, 4]);
    expect(await statuses(b, ids)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    // The teller comes back as it left (available, not set away), and serves the first in line there.
    const { token } = await login(b, 'teller1');
    const back = await connect(b, { token });
    sockets.push(back);
    await waitFor(async () => (await request(back, 'teller:state', {})).offer?.ticketId === ids[0], SLOW_MS);
    const stored = await b.kysely
      .selectFrom('teller_states')
      .select(['status', 'reason'])
      .where('user_id', '=', teller.tellerId)
      .executeTakeFirst();
    expect(stored).toEqual({ status: 'available', reason: 'teller' });
    const started = nextEvent(movedPages[0]!, 'call:started');
    await request(back, 'offer:accept', { ticketId: ids[0]! });
    expect(await started).toMatchObject({ callId: expect.any(String) });
    await waitFor(async () => (await positionsOn(b, ids.slice(1))).join() === '1,2,3', SLOW_MS);
  }, 90_000);

  it('moves a running call to the other node: both pages hear where, and the drain ends without waiting for the call', async () => {
    const [a, b] = await twoNodes();
    const call = await setUpCall(a, 'teller1');
    sockets.push(call.customer, call.teller);
    const { callId } = call.tellerCall;
    const moved = [call.customer, call.teller].map((page) =>
      nextEvent(page, 'call:moved', () => true, SLOW_MS),
    );

    await a.drain();
    expect(await Promise.all(moved)).toEqual([
      { callId, nodeId: 'node-b' },
      { callId, nodeId: 'node-b' },
    ]);
    expect(a.calls.registry.count).toBe(0);
    expect(b.calls.registry.get(callId)).toBeDefined();
    const held = await b.kysely
      .selectFrom('calls')
      .select(['node_id', 'ended_at'])
      .where('id', '=', callId)
      .execute();
    expect(held).toEqual([{ node_id: 'node-b', ended_at: null }]);
    const events = await b.kysely
      .selectFrom('call_events')
      .select(['type', 'data'])
      .where('call_id', '=', callId)
      .execute();
    expect(
      events.filter((event) => event.type === 'call.moved').map((event) => JSON.parse(event.data) as unknown),
    ).toEqual([{ fromNode: 'node-a', toNode: 'node-b' }]);
    expect(events.map((event) => event.type)).not.toContain('call.ended');
  }, 90_000);

  it('holds the drain while a call runs and no other node can take it, and ends it when the call ends', async () => {
    const [a, b] = await twoNodes();
    // The other node stops first: it leaves the shared node list, and nobody is left to take the call.
    await b.close();
    nodes.splice(nodes.indexOf(b), 1);
    const call = await setUpCall(a, 'teller1');
    sockets.push(call.customer, call.teller);
    let drained = false;
    const draining = a.drain().then(() => (drained = true));

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(drained).toBe(false);
    expect([call.customer.connected, call.teller.connected]).toEqual([true, true]);
    expect(a.calls.registry.count).toBe(1);

    const ended = nextEvent(call.customer, 'call:ended', () => true, SLOW_MS);
    await request(call.teller, 'call:hangUp', { callId: call.tellerCall.callId });
    await ended;
    await draining;
    expect(drained).toBe(true);
    // The teller, free now, is let go too, its desk on node A gone.
    await waitFor(() => !call.teller.connected, SLOW_MS);
  }, 90_000);

  it('a server process stopped with SIGTERM drains, its waiting customer keeps its place on the other node, and it exits cleanly', async () => {
    const env = await clusterEnv();
    // Either may lead: the order is the store's. Started together, as the child compiles slowly under load.
    const [a, b] = await Promise.all([
      spawnServer(
        fs.mkdtempSync(path.join(dir, 'node-a-')),
        { ...env, SKYTELLER_NODE_ID: 'node-a', SKYTELLER_LOG_LEVEL: 'info' },
        120_000,
      ).then((started) => (processes.push(started), started)),
      startTestServer({ ...env, SKYTELLER_NODE_ID: 'node-b' }).then(
        (started) => (nodes.push(started), started),
      ),
    ]);
    const first = await customerOn(b);
    const second = await customerOn(a);
    const third = await customerOn(b);
    const ids = [first.ticketId, second.ticketId, third.ticketId];
    const secondGone = disconnected(second.socket);

    const exited = kill(a, 'SIGTERM');
    expect(await secondGone).toBe('io server disconnect');
    sockets.push(await connect(b, { ticketToken: second.ticketToken }));
    expect(await exited).toBe(0);
    processes.splice(0);
    expect(a.output()).toMatch(/draining: this node takes nothing new/);
    expect(a.output()).toMatch(/drained: no call left on this node/);
    await waitFor(() => b.leadership.isLeader(), SLOW_MS);
    await waitFor(async () => (await positionsOn(b, ids)).join() === '1,2,3', SLOW_MS);
    // It left the shared node list as any node that stops cleanly does.
    const listed = await b.kysely.selectFrom('cluster_nodes').select('id').execute();
    expect(listed.map((row) => row.id)).toEqual(['node-b']);
  }, 180_000);
});
