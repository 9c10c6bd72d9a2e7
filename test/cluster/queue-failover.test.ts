// Three nodes behind haproxy, started by the launcher's code on PostgreSQL, Redis and the S3
// server (README, "Deployment"): ten customers wait, their pages spread over the nodes through
// the load balancer; the queue leader is SIGKILLed. Every page comes back through haproxy with its
// place and order, another node leads, a teller who signs in through haproxy takes the head, and
// the audit chain still verifies (issue 16, "A node dies"). Then a node with waiting pages is
// stopped with SIGTERM: it drains, and its pages come back on the last node in their places.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, request } from '../support/clients.js';
import { ClusterCustomer } from '../support/cluster-customer.js';
import {
  leaderAmong,
  startLocalCluster,
  tellerThroughLb,
  verifyAuditChain,
  type LocalCluster,
} from '../support/local-cluster.js';
import { waitFor } from '../support/wait.js';

// Three nodes compiling their TypeScript at once on a busy two-core machine.
const START_TIMEOUT_MS = 300_000;
const CUSTOMERS = 10;

let cluster: LocalCluster;
const customers: ClusterCustomer[] = [];
const closeLater: { close(): void }[] = [];

beforeAll(async () => {
  cluster = await startLocalCluster(3);
}, START_TIMEOUT_MS);

afterAll(async () => {
  for (const one of [...customers, ...closeLater]) one.close();
  await cluster?.remove();
}, 120_000);

const positions = () => customers.map((customer) => customer.position);
const inOrder = Array.from({ length: CUSTOMERS }, (_, i) => i + 1);

let leader: LocalCluster['nodes'][number];
/** The node of the call the teller takes below: the drain below stops another one. */
let callNode: string | undefined;

describe('the queue leader SIGKILLed with ten customers waiting on three nodes behind haproxy', () => {
  let killedAt: number;

  it('has the ten pages spread over the three nodes, each on the node its sticky cookie names, in join order', async () => {
    leader = await leaderAmong(
      cluster,
      cluster.nodes.map((node) => node.id),
    );
    // One after the other, so the join order is known; each customer from an address of its own.
    for (let i = 0; i < CUSTOMERS; i++) {
      const customer = await ClusterCustomer.join(cluster.lbTarget, `192.0.2.${i + 1}`, {
        idType: 'passport',
        idNumber: `F${i + 1}`,
      });
      customers.push(customer);
      await customer.placed();
    }
    await waitFor(() => positions().join() === inOrder.join(), 15_000);
    for (const customer of customers) expect(customer.nodeId).toBe(customer.browser.pinnedTo);
    const byNode = new Set(customers.map((customer) => customer.nodeId));
    expect([...byNode].sort()).toEqual(['node-1', 'node-2', 'node-3']);
  }, 120_000);

  it('brings every page back through haproxy to a surviving node, with its place and the order unchanged', async () => {
    const onLeader = customers.filter((customer) => customer.nodeId === leader.id);
    expect(onLeader.length).toBeGreaterThan(0);
    killedAt = Date.now();
    process.kill(leader.pid, 'SIGKILL');
    // Every page learns its place again after the kill (the new leader pushes them all), and the
    // pages of the dead node do so from another node, over a new connection.
    await waitFor(
      () =>
        customers.every(
          (customer) =>
            customer.nodeId !== undefined &&
            customer.nodeId !== leader.id &&
            (customer.placedAt ?? 0) > killedAt,
        ),
      30_000,
    );
    for (const customer of onLeader) expect(customer.connectedAt).toBeGreaterThan(killedAt);
    expect(positions()).toEqual(inOrder);
    // haproxy re-pinned them: their cookie names the node they are on now.
    for (const customer of onLeader) expect(customer.browser.pinnedTo).toBe(customer.nodeId);
  }, 60_000);

  it('elects another node, whose next teller accept takes the head of the line', async () => {
    const survivors = cluster.nodes.filter((node) => node.id !== leader.id).map((node) => node.id);
    const newLeader = await leaderAmong(cluster, survivors);
    expect(newLeader.id).not.toBe(leader.id);

    const teller = await tellerThroughLb(
      cluster.lbTarget,
      { username: 'teller1', password: cluster.demoPassword },
      '198.51.100.1',
    );
    closeLater.push(teller.socket);
    const head = customers[0]!;
    await waitFor(
      async () => (await request(teller.socket, 'teller:state', {})).offer?.ticketId === head.ticketId,
      20_000,
    );
    const started = nextEvent(head.socket, 'call:started', () => true, 15_000);
    const call = await request(teller.socket, 'offer:accept', { ticketId: head.ticketId });
    expect(await started).toMatchObject({ callId: call.callId });
    callNode = call.nodeId;
    // Everyone behind moves up by one, wherever their page is.
    await waitFor(() => positions().slice(1).join() === inOrder.slice(0, -1).join(), 15_000);
  }, 60_000);

  it('leaves an audit chain that verifies', async () => {
    const verdict = await verifyAuditChain(cluster);
    expect(verdict).toMatchObject({ ok: true });
    // Entries from the three nodes, the teller's sign-in among them.
    expect(verdict.entries).toBeGreaterThan(0);
  }, 60_000);
});

describe('then a node stopped with SIGTERM, with waiting customers on it', () => {
  it('drains: its pages come back through haproxy to the last node, nobody moved to the back', async () => {
    const waiting = customers.slice(1);
    const before = waiting.map((customer) => customer.position);
    const drained = cluster.nodes.find(
      (node) => node.id !== leader.id && node.id !== callNode && waiting.some((c) => c.nodeId === node.id),
    )!;
    const onDrained = waiting.filter((customer) => customer.nodeId === drained.id);
    const stoppedAt = Date.now();
    process.kill(drained.pid, 'SIGTERM');
    // The drain waits for haproxy to take the node out, then lets its waiting pages go.
    await waitFor(
      () =>
        onDrained.every(
          (customer) =>
            customer.nodeId !== undefined &&
            customer.nodeId !== drained.id &&
            (customer.placedAt ?? 0) > stoppedAt,
        ),
      60_000,
    );
    expect(waiting.map((customer) => customer.position)).toEqual(before);
    await waitFor(() => waiting.every((customer) => customer.nodeId !== drained.id), 15_000);
    expect(waiting.map((customer) => customer.position)).toEqual(before);
    expect(await verifyAuditChain(cluster)).toMatchObject({ ok: true });
  }, 120_000);
});
