// Two servers on one PostgreSQL and one Redis with the cluster secret and one certificate, as a
// cluster runs them: a supervisor whose page is on node A sees and listens in on a call held by
// node B, its media piped from B's router to a router of A's through the router links.
import { describe, expect, it } from 'vitest';
import { connect, login, nextEvent, request } from '../support/clients.js';
import { nodesPerTest } from '../support/nodes-per-test.js';
import { setUpCall } from '../support/call-setup.js';
import type { TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

const cluster = nodesPerTest('supervisor-across-nodes');
const { sockets } = cluster.started;

/** Node A and node B, each knowing the other as a live node (their router links can open). */
async function linkedNodes(): Promise<[TestServer, TestServer]> {
  const [a, b] = await cluster.twoNodes({}, { linked: true });
  await waitFor(() => a.routerLinks?.peer('node-b') !== undefined, 20_000);
  await waitFor(() => b.routerLinks?.peer('node-a') !== undefined, 20_000);
  return [a, b];
}

/** A call between a customer and teller1, both on `node`: the node that holds it. */
async function callOn(node: TestServer) {
  const call = await setUpCall(node, 'teller1');
  sockets.push(call.customer, call.teller);
  return { ...call, callId: call.tellerCall.callId };
}

async function supervisorOn(node: TestServer) {
  const { token, user } = await login(node, 'supervisor1');
  const socket = await connect(node, { token });
  sockets.push(socket);
  return { socket, id: user.id };
}

describe('a supervisor and a call held by another node', () => {
  it('lists every node’s calls on the board, each with its node, and follows them as they start and end', async () => {
    const [a, b] = await linkedNodes();
    const supervisor = await supervisorOn(a);
    const before = await request(supervisor.socket, 'supervisor:board', {});
    expect(before.now.calls).toEqual([]);

    const pushed = nextEvent(supervisor.socket, 'supervisor:board', (board) => board.now.calls.length === 1);
    const call = await callOn(b);
    expect(call.tellerCall.nodeId).toBe('node-b');
    const board = await pushed;
    expect(board.now.calls).toEqual([
      expect.objectContaining({ callId: call.callId, nodeId: 'node-b', teller: expect.any(String) }),
    ]);
    expect((await request(supervisor.socket, 'supervisor:board', {})).now.calls).toHaveLength(1);

    const ended = nextEvent(supervisor.socket, 'supervisor:board', (next) => next.now.calls.length === 0);
    await request(call.teller, 'call:hangUp', { callId: call.callId });
    await ended;
  });
});
