import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterNodeStore } from '../../server/cluster/index.js';
import { MEDIA_CODECS } from '../../server/platform/media/media-codecs.js';
import { ROUTER_LINK_PATH } from '../../server/platform/media/router-link/http-link-channel.js';
import { signLinkRequest } from '../../server/platform/media/router-link/link-signature.js';
import { clusterSecretIn } from '../support/cluster-secret.js';
import { transportsOf } from '../support/router-dump.js';
import { countRtp } from '../support/rtp-counter.js';
import { startSyntheticSender, type SyntheticSender } from '../support/rtp-sender.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

/**
 * Two real servers, as two nodes of a cluster: the same cluster secret and TLS
 * certificate (as `npm run cluster` gives them), each listing the other as a
 * live node, linking routers through the endpoint each mounts on its own HTTPS
 * server. A third server without the secret does not serve the path at all.
 */

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-links-'));
const { secretFile, secret, nodeFolder } = clusterSecretIn(folder);

const startNode = (id: string): Promise<TestServer> =>
  startTestServer(
    { SKYTELLER_NODE_ID: id, SKYTELLER_CLUSTER_SECRET_FILE: secretFile },
    { dataDir: nodeFolder(id) },
  );

/**
 * Writes `node`'s heartbeat row into `into`'s store, as a shared store would show it,
 * and waits for `into`'s next heartbeat to read it back (the peers look nodes up in that list).
 */
async function announce(node: TestServer, into: TestServer): Promise<void> {
  const rows = await new ClusterNodeStore(node.kysely).list();
  const row = rows.find((report) => report.id === node.config.nodeId)!;
  await new ClusterNodeStore(into.kysely).report({ ...row, lastSeenAt: Date.now() });
  await waitFor(() => into.routerLinks!.peer(node.config.nodeId) !== undefined, 20_000);
}

function post(
  server: TestServer,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { error?: { code?: string } } }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${server.url}${ROUTER_LINK_PATH}`,
      {
        method: 'POST',
        ca: server.ca,
        agent: false,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed = {};
          try {
            parsed = JSON.parse(text) as object;
          } catch {
            // not JSON: the status tells
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

let nodeA: TestServer;
let nodeB: TestServer;
let routerA: types.Router;
let routerB: types.Router;
let sender: SyntheticSender;

beforeAll(async () => {
  nodeA = await startNode('node-a');
  nodeB = await startNode('node-b');
  await Promise.all([announce(nodeA, nodeB), announce(nodeB, nodeA)]);
  routerA = (await nodeA.pool.createRouter(MEDIA_CODECS)).router;
  routerB = (await nodeB.pool.createRouter(MEDIA_CODECS)).router;
  sender = await startSyntheticSender(routerB);
  await sender.flowing();
}, 120_000);

afterAll(async () => {
  await sender?.stop();
  await nodeA?.close();
  await nodeB?.close();
  fs.rmSync(folder, { recursive: true, force: true });
}, 60_000);

describe('router links between two running servers', () => {
  it('carries RTP from a producer on node B to a consumer on node A through the mounted endpoint', async () => {
    const peer = nodeA.routerLinks!.peer('node-b');
    expect(peer).toBeDefined();
    const link = await peer!.link(routerA, routerB.id);
    const video = await link.pipe(sender.video.id);
    expect(video).toMatchObject({ id: sender.video.id, kind: 'video' });
    const onA = await countRtp(routerA, video.id);
    try {
      await waitFor(() => onA.packets() >= 30, 30_000);
    } finally {
      onA.close();
    }
    // Node B made its half: a pipe transport beside the sender's two plain transports.
    expect(await transportsOf(routerB)).toBe(3);
    link.close();
    await waitFor(async () => (await transportsOf(routerB)) === 2, 10_000);
  }, 60_000);

  it('knows no peer that is not in the cluster’s node list, nor itself', () => {
    expect(nodeA.routerLinks!.peer('node-z')).toBeUndefined();
    expect(nodeA.routerLinks!.peer('node-a')).toBeUndefined();
  });

  it('refuses an unsigned or wrongly signed request with 401, and a signed one from an unknown node with 404', async () => {
    const body = JSON.stringify({ method: 'link.close', data: { linkId: 'x' } });
    const unsigned = await post(nodeB, body);
    expect(unsigned).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const time = String(Date.now());
    const forged = await post(nodeB, body, {
      'x-skyteller-node': 'node-a',
      'x-skyteller-time': time,
      'x-skyteller-signature': signLinkRequest('another-secret', 'node-a', Number(time), body),
    });
    expect(forged.status).toBe(401);
    const stranger = await post(nodeB, body, {
      'x-skyteller-node': 'node-z',
      'x-skyteller-time': time,
      'x-skyteller-signature': signLinkRequest(secret, 'node-z', Number(time), body),
    });
    expect(stranger).toMatchObject({ status: 404, body: { error: { code: 'link_not_found' } } });
  });

  it('closes its links when the server closes: the other node’s half goes too', async () => {
    const link = await nodeA.routerLinks!.peer('node-b')!.link(routerA, routerB.id);
    await link.pipe(sender.audio.id);
    expect(await transportsOf(routerB)).toBe(3);
    await nodeA.close();
    expect(link.closed).toBe(true);
    await waitFor(async () => (await transportsOf(routerB)) === 2, 15_000);
  }, 60_000);
});

describe('a server without SKYTELLER_CLUSTER_SECRET_FILE', () => {
  it('does not serve /internal/router-link', async () => {
    const alone = await startTestServer();
    try {
      expect(alone.routerLinks).toBeUndefined();
      expect((await post(alone, '{}')).status).toBe(404);
    } finally {
      await alone.close();
    }
  }, 60_000);
});
