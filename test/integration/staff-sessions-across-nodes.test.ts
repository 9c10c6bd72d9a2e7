// Two servers on one PostgreSQL (SKYTELLER_DATABASE_URL) with one session key: a staff
// member signed in on one node is signed in on the other, and signed out on both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { connect, httpRequest, login, staffHeaders, type TestSocket } from '../support/clients.js';
import { postgresPerFile } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const postgres = postgresPerFile();
const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-shared-keys-'));
let nodes: TestServer[] = [];
const sockets: TestSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await Promise.all(nodes.map((node) => node.close()));
  nodes = [];
});
afterAll(() => fs.rmSync(keys, { recursive: true, force: true }));

/** Nodes as a cluster runs them: one database, one session key. */
async function twoNodes(): Promise<[TestServer, TestServer]> {
  const env = {
    SKYTELLER_DATABASE_URL: await postgres.freshDatabase(),
    SKYTELLER_SESSION_KEY_FILE: path.join(keys, `${crypto.randomUUID()}.key`),
  };
  // One after the other: the first makes the key file and the demo accounts, the second finds both.
  nodes.push(await startTestServer(env));
  nodes.push(await startTestServer(env));
  return [nodes[0]!, nodes[1]!];
}

const me = (node: TestServer, token: string) =>
  httpRequest(node, 'GET', '/api/auth/me', { headers: staffHeaders(token) });

describe('staff sessions on several nodes sharing PostgreSQL', () => {
  it('a session opened on one node is accepted by the other, REST and socket alike, and a sign-out ends it on both', async () => {
    const [one, two] = await twoNodes();
    expect(one.demoAccountsCreated).toBe(true);
    expect(two.demoAccountsCreated).toBe(false);
    const { token, user } = await login(one, 'supervisor1');
    expect(await me(two, token)).toMatchObject({ status: 200, body: { user: { id: user.id } } });
    sockets.push(await connect(two, { token }));

    const out = await httpRequest(two, 'POST', '/api/auth/logout', { headers: staffHeaders(token) });
    expect(out.status).toBe(204);
    expect((await me(one, token)).status).toBe(401);
    await expect(connect(one, { token })).rejects.toThrow('unauthorized');
  });
});
