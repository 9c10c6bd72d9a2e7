import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterPlacementSchema,
  clusterViewSchema,
  type ClusterPlacement,
  type ClusterView,
} from '../../shared/contracts/cluster.js';
import { ClusterNodeStore, HEARTBEAT_MS } from '../../server/cluster/index.js';
import type { HealthView } from '../../shared/contracts/rest-routes.js';
import { setUpCall } from '../support/call-setup.js';
import { createTicket, httpRequest, login, staffHeaders } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
const cluster = (headers: Record<string, string>) =>
  httpRequest<ClusterView & { error?: { code: string } }>(server, 'GET', '/api/cluster', { headers });
const staff = async (username: string) => staffHeaders((await login(server, username)).token);
const placement = (headers: Record<string, string>) =>
  httpRequest<ClusterPlacement & { error?: { code: string } }>(server, 'GET', '/api/cluster/placement', {
    headers,
  });
/** Another node's heartbeat row, as if it ran beside this one, `seenAgo` ms ago. */
const reportOther = (id: string, liveCalls: number, seenAgo = 0, draining = false) =>
  new ClusterNodeStore(server.kysely).report({
    id,
    url: 'https://10.0.0.8:8443',
    pid: 4343,
    leader: false,
    routers: liveCalls,
    liveCalls,
    cpuPercent: 0,
    eventLoopLagMs: 1,
    startedAt: Date.now() - 60_000,
    lastSeenAt: Date.now() - seenAgo,
    draining,
  });

beforeAll(async () => {
  server = await startTestServer({ SKYTELLER_NODE_ID: 'node-7' });
});
afterAll(async () => {
  await server.close();
});

describe('a node in a cluster', () => {
  it('names itself, its process, its routers and, alone on SQLite, that it leads the queue in /healthz', async () => {
    const before = await httpRequest<HealthView>(server, 'GET', '/healthz');
    expect(before.body).toMatchObject({ nodeId: 'node-7', pid: process.pid, routers: 0, leader: true });
    const call = await setUpCall(server, 'teller1');
    const during = await httpRequest<HealthView>(server, 'GET', '/healthz');
    expect(during.body.routers).toBe(1);
    call.customer.close();
    call.teller.close();
  });

  it('lists itself in GET /api/cluster for supervisors and admins, in the contract’s shape', async () => {
    for (const username of ['supervisor1', 'admin1']) {
      const res = await cluster(await staff(username));
      expect(res.status).toBe(200);
      const view = clusterViewSchema.parse(res.body);
      expect(view.thisNode).toBe('node-7');
      expect(view.nodes).toEqual([
        expect.objectContaining({
          id: 'node-7',
          url: server.url,
          pid: process.pid,
          leader: true,
          live: true,
        }),
      ]);
      expect(view.nodes[0]!.lastSeenAt).toBeGreaterThanOrEqual(view.nodes[0]!.startedAt);
    }
  });

  it('lists a node that stopped reporting as not live, after three missed heartbeats', async () => {
    const seenAt = Date.now() - 3 * HEARTBEAT_MS - 1_000;
    await new ClusterNodeStore(server.kysely).report({
      id: 'node-gone',
      url: 'https://10.0.0.9:8443',
      pid: 4242,
      leader: false,
      draining: false,
      routers: 3,
      liveCalls: 3,
      cpuPercent: 12.5,
      eventLoopLagMs: 4,
      startedAt: seenAt - 60_000,
      lastSeenAt: seenAt,
    });
    const view = clusterViewSchema.parse((await cluster(await staff('admin1'))).body);
    expect(view.nodes.map((node) => [node.id, node.live])).toEqual([
      ['node-7', true],
      ['node-gone', false],
    ]);
    expect(view.nodes[1]).toMatchObject({
      liveCalls: 3,
      load: { routers: 3, cpuPercent: 12.5, eventLoopLagMs: 4 },
    });
    await server.kysely.deleteFrom('cluster_nodes').where('id', '=', 'node-gone').execute();
  });

  it('refuses tellers and auditors with 403 forbidden; a customer’s ticket and nobody with 401', async () => {
    for (const username of ['teller2', 'auditor1']) {
      const res = await cluster(await staff(username));
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('forbidden');
    }
    // A ticket token is not a credential this route takes, as for every staff route (access policy).
    const { ticketToken } = await createTicket(server);
    const refusedAsNobody: Record<string, string>[] = [{ authorization: `Bearer ${ticketToken}` }, {}];
    for (const headers of refusedAsNobody) {
      const res = await cluster(headers);
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('unauthorized');
    }
  });

  it('reports its live calls and routers in its heartbeat, and leaves the list when it stops', async () => {
    const other = await startTestServer({ SKYTELLER_NODE_ID: 'node-8' });
    const call = await setUpCall(other, 'teller1');
    const row = () =>
      other.kysely
        .selectFrom('cluster_nodes')
        .select(['routers', 'live_calls'])
        .where('id', '=', 'node-8')
        .executeTakeFirst();
    // The heartbeat runs every few seconds; the test waits for the next one.
    await expect.poll(row, { timeout: 15_000, interval: 250 }).toEqual({ routers: 1, live_calls: 1 });
    call.customer.close();
    call.teller.close();
    await other.close();
    // The same data folder, started again under another name: node-8 stopped cleanly, so it is not listed.
    const reopened = await startTestServer({ SKYTELLER_NODE_ID: 'node-9' }, { dataDir: other.dataDir });
    const ids = (await reopened.kysely.selectFrom('cluster_nodes').select('id').execute()).map((r) => r.id);
    expect(ids).toEqual(['node-9']);
    await reopened.close();
  });

  describe('GET /api/cluster/placement: where a teller’s desk connects', () => {
    const forget = (id: string) => server.kysely.deleteFrom('cluster_nodes').where('id', '=', id).execute();

    it('answers null to a teller while this node is the only live one', async () => {
      const teller = await staff('teller1');
      const alone = await placement(teller);
      expect(alone.status).toBe(200);
      expect(clusterPlacementSchema.parse(alone.body)).toEqual({ nodeId: null });
      await reportOther('node-0', 0, 3 * HEARTBEAT_MS + 1_000);
      expect((await placement(teller)).body).toEqual({ nodeId: null });
      await forget('node-0');
    });

    it('names the live node with the fewest calls when the node list is shared (PostgreSQL); null without it', async () => {
      const teller = await staff('teller1');
      const shared = server.config.databaseUrl !== undefined;
      // Idle and first by id: the lightest node.
      await reportOther('node-0', 0);
      expect((await placement(teller)).body).toEqual({ nodeId: shared ? 'node-0' : null });
      // Idle but draining: it takes no new desks.
      await reportOther('node-0', 0, 0, true);
      expect((await placement(teller)).body).toEqual({ nodeId: shared ? 'node-7' : null });
      // Busier than this node, which holds no call.
      await reportOther('node-0', 40);
      expect((await placement(teller)).body).toEqual({ nodeId: shared ? 'node-7' : null });
      await forget('node-0');
    });

    it('refuses those who do not serve the line', async () => {
      for (const username of ['supervisor1', 'auditor1', 'admin1']) {
        const res = await placement(await staff(username));
        expect(res.status).toBe(403);
        expect(res.body.error?.code).toBe('forbidden');
      }
      expect((await placement({})).status).toBe(401);
    });
  });
});
