// Two servers on one PostgreSQL and one Redis, as a cluster runs them: the elected node alone
// decides offers; customers joining on either node are in its one line; when it stops, the
// other is elected, rebuilds the line from the store, and serves it in the same order.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QueuePositionUpdate } from '../../shared/contracts/socket-events.js';
import { connect, nextEvent, request } from '../support/clients.js';
import { nodesPerTest } from '../support/nodes-per-test.js';
import { kill, spawnServer } from '../support/server-process.js';
import { tellerAtDesk } from '../support/staff.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const cluster = nodesPerTest('queue-leader');
const { dir, clusterEnv } = cluster;
const { nodes, processes, sockets } = cluster.started;

const twoNodes = () => cluster.twoNodes();
const { customerOn } = cluster;

const positionsOn = async (node: TestServer, ticketIds: string[]) =>
  (await Promise.all(ticketIds.map((id) => node.queue.customers.view(id)))).map((view) => view.position);
const openOffers = async (node: TestServer) =>
  (await node.kysely.selectFrom('offers').select('ticket_id').where('outcome', 'is', null).execute()).map(
    (row) => row.ticket_id,
  );

describe('the queue on two nodes sharing PostgreSQL and Redis', () => {
  it('keeps one line, in join order, for customers of both nodes; only the leader offers, once per ticket', async () => {
    const [a, b] = await twoNodes();
    expect([a.leadership.isLeader(), b.leadership.isLeader()]).toEqual([true, false]);
    const first = await customerOn(a);
    const second = await customerOn(b);
    const third = await customerOn(b);
    const ids = [first, second, third].map((c) => c.ticketId);
    await waitFor(async () => (await positionsOn(a, ids)).join() === '1,2,3', 15_000);
    expect(b.queue.line.waitingCount).toBe(0);
    // The leader's position pushes reach a page connected to the other node.
    const pushed = nextEvent(third.socket, 'queue:position');
    const teller = await tellerAtDesk(a, 'teller1');
    sockets.push(teller.socket);
    await waitFor(
      async () => (await request(teller.socket, 'teller:state', {})).offer?.ticketId === first.ticketId,
    );
    expect(((await pushed) as QueuePositionUpdate).ticketId).toBe(third.ticketId);
    expect(await openOffers(a)).toEqual([first.ticketId]);

    // Leaving on the follower takes the customer out of the leader's line.
    await request(second.socket, 'queue:leave', {});
    await waitFor(async () => !a.queue.line.isWaiting(second.ticketId), 15_000);
    expect(await positionsOn(a, [third.ticketId])).toEqual([2]);
  });

  it('offers a customer to a teller whose page is on the node that does not lead; the teller accepts there', async () => {
    const [a, b] = await twoNodes();
    const teller = await tellerAtDesk(b, 'teller1');
    sockets.push(teller.socket);
    await waitFor(() => a.queue.presence.get(teller.tellerId)?.remote === true, 15_000);
    const customer = await customerOn(b);
    await waitFor(
      async () => (await request(teller.socket, 'teller:state', {})).offer?.ticketId === customer.ticketId,
      15_000,
    );
    expect(await openOffers(a)).toEqual([customer.ticketId]);
    const started = nextEvent(customer.socket, 'call:started');
    const call = await request(teller.socket, 'offer:accept', { ticketId: customer.ticketId });
    expect(await started).toMatchObject({ callId: call.callId });
    expect(b.calls.registry.get(call.callId)).toBeDefined();
    await waitFor(() => a.queue.presence.get(teller.tellerId)?.busy === true);
    expect(a.queue.line.isWaiting(customer.ticketId)).toBe(false);
    expect(
      await a.kysely
        .selectFrom('offers')
        .select('outcome')
        .where('ticket_id', '=', customer.ticketId)
        .execute(),
    ).toEqual([{ outcome: 'accepted' }]);
  });

  it('takes a customer out of the leader’s line when a teller with a page on each node accepts on the one that does not lead', async () => {
    const [a, b] = await twoNodes();
    const here = await tellerAtDesk(a, 'teller1');
    const there = await tellerAtDesk(b, 'teller1');
    sockets.push(here.socket, there.socket);
    const customer = await customerOn(b);
    await waitFor(async () => (await openOffers(a)).includes(customer.ticketId), 15_000);
    const started = nextEvent(customer.socket, 'call:started');
    await request(there.socket, 'offer:accept', { ticketId: customer.ticketId });
    await started;
    // Out of line before its offer would have expired (15 s), and never offered again.
    await waitFor(() => !a.queue.line.isWaiting(customer.ticketId), 10_000);
    expect(await openOffers(a)).toEqual([]);
    const ticket = await a.kysely
      .selectFrom('tickets')
      .select('status')
      .where('id', '=', customer.ticketId)
      .executeTakeFirstOrThrow();
    expect(ticket.status).toBe('in_call');
  });

  it('moves the leadership when the leader stops: the other node rebuilds the line in the same order, and the next accept works', async () => {
    const [a, b] = await twoNodes();
    const waiting = [await customerOn(a), await customerOn(b), await customerOn(a), await customerOn(b)];
    const ids = waiting.map((c) => c.ticketId);
    const teller = await tellerAtDesk(a, 'teller1');
    sockets.push(teller.socket);
    await waitFor(async () => (await openOffers(a)).length === 1, 15_000);
    expect(await openOffers(a)).toEqual([ids[0]]);

    await a.close();
    nodes.splice(nodes.indexOf(a), 1);
    await waitFor(() => b.leadership.isLeader(), 20_000);
    await b.queue.turns.settled();
    // The pages of node A's customers come back through the load balancer, to B.
    for (const customer of waiting.filter((_, i) => i % 2 === 0))
      sockets.push(await connect(b, { ticketToken: customer.ticketToken }));
    expect(await positionsOn(b, ids)).toEqual([1, 2, 3, 4]);
    // The stopped leader's open offer was withdrawn by the new one.
    expect(await openOffers(b)).toEqual([]);

    const back = await tellerAtDesk(b, 'teller1');
    sockets.push(back.socket);
    await waitFor(async () => (await request(back.socket, 'teller:state', {})).offer?.ticketId === ids[0]);
    expect(await openOffers(b)).toEqual([ids[0]]);
    const call = await request(back.socket, 'offer:accept', { ticketId: ids[0]! });
    expect(call.callId).toEqual(expect.any(String));
    await waitFor(async () => (await positionsOn(b, ids.slice(1))).join() === '1,2,3');
  });

  it('moves the leadership when the leader’s process is SIGKILLed, and the waiting customers keep their order', async () => {
    const env = await clusterEnv();
    const a = await spawnServer(fs.mkdtempSync(path.join(dir, 'node-a-')), {
      ...env,
      SKYTELLER_NODE_ID: 'node-a',
    });
    processes.push(a);
    const b = await startTestServer({ ...env, SKYTELLER_NODE_ID: 'node-b' });
    nodes.push(b);
    expect(b.leadership.isLeader()).toBe(false);
    const waiting = [await customerOn(a), await customerOn(b), await customerOn(a)];
    const ids = waiting.map((c) => c.ticketId);
    const teller = await tellerAtDesk(a, 'teller1');
    sockets.push(teller.socket);
    await waitFor(async () => (await openOffers(b)).join() === ids[0], 15_000);

    await kill(a, 'SIGKILL');
    processes.splice(0);
    await waitFor(() => b.leadership.isLeader(), 20_000);
    await b.queue.turns.settled();
    // The killed node's customers' pages come back through the load balancer, to B.
    const firstPage = await connect(b, { ticketToken: waiting[0]!.ticketToken });
    sockets.push(firstPage, await connect(b, { ticketToken: waiting[2]!.ticketToken }));
    expect(await positionsOn(b, ids)).toEqual([1, 2, 3]);
    expect(await openOffers(b)).toEqual([]);

    const back = await tellerAtDesk(b, 'teller1');
    sockets.push(back.socket);
    await waitFor(async () => (await openOffers(b)).join() === ids[0]);
    const started = nextEvent(firstPage, 'call:started');
    await request(back.socket, 'offer:accept', { ticketId: ids[0]! });
    expect(await started).toMatchObject({ callId: expect.any(String) });
  });
});
