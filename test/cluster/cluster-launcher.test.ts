import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/platform/repo-root.js';
import type { ClusterManifest } from '../../scripts/cluster/start-cluster.js';
import { getHealth } from '../../scripts/cluster/health-probe.js';
import { isListening } from '../../scripts/cluster/port-probe.js';
import { STICKY_COOKIE } from '../../scripts/cluster/haproxy-config.js';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { clusterPlacementSchema, clusterViewSchema } from '../../shared/contracts/cluster.js';
import { launchChromium, newContext } from '../support/browser.js';
import { httpRequest, sessionFrom, staffHeaders, type TestSocket } from '../support/clients.js';

/**
 * `npm run cluster -- --nodes 2` as a person runs it: PostgreSQL, the S3 server,
 * two nodes and haproxy really start, answer, and are all gone after Ctrl-C.
 */

// Two nodes compiling their TypeScript at once on a busy two-core machine.
const START_TIMEOUT_MS = 300_000;

interface Launched {
  dir: string;
  launcher: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  manifest: ClusterManifest;
  /** The certificate every node and haproxy serve. */
  ca: string;
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** Processes whose command line names the cluster's folder: postgres, haproxy, the S3 server. */
function processesIn(folder: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(folder);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

type Started = Omit<Launched, 'manifest' | 'ca'>;

/** Runs the launcher on free ports in a fresh folder. */
function spawnLauncher(nodes: number): Started {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-cluster-'));
  // PostgreSQL runs as its own user, which must pass through this folder.
  fs.chmodSync(dir, 0o711);
  const args = ['--nodes', String(nodes), '--port', '0', '--rtc-port', '0', '--dir', dir];
  const launcher = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster/cluster.ts', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a terminal gives it: Ctrl-C is SIGINT to the whole group.
    detached: true,
  });
  let output = '';
  launcher.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { dir, launcher, output: () => output };
}

/** Runs the launcher and waits for its cluster.json. */
async function launch(nodes: number): Promise<Launched> {
  const started = spawnLauncher(nodes);
  const { dir, launcher, output } = started;
  const manifestFile = path.join(dir, 'cluster.json');
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!fs.existsSync(manifestFile)) {
    if (launcher.exitCode !== null) throw new Error(`the launcher exited:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`no cluster.json after ${START_TIMEOUT_MS} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    ...started,
    manifest: JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ClusterManifest,
    ca: fs.readFileSync(path.join(dir, 'tls', 'server.crt'), 'utf8'),
  };
}

/** Stops a launcher a failed test left running (nothing may stay behind), then removes its folder. */
async function finish(launched: Started | undefined): Promise<void> {
  if (!launched) return;
  if (launched.launcher.exitCode === null) {
    process.kill(-launched.launcher.pid!, 'SIGINT');
    await exitOf(launched.launcher);
  }
  fs.rmSync(launched.dir, { recursive: true, force: true });
}

/** One request over a fresh connection: its status, body and the sticky cookie it set, if any. */
function send(
  url: string,
  options: { method?: string; body?: string; cookie?: string },
): Promise<{ status: number; body: string; sticky: string | undefined }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8' };
    if (options.cookie) headers.cookie = options.cookie;
    const req = https.request(url, { method: options.method ?? 'GET', ca, agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          sticky: res.headers['set-cookie']?.find((c) => c.startsWith(`${STICKY_COOKIE}=`))?.split(';')[0],
        }),
      );
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

let cluster: Launched;
let dir: string;
let launcher: ChildProcess;
let manifest: ClusterManifest;
let ca: string;
let output: () => string;

beforeAll(async () => {
  cluster = await launch(2);
  ({ dir, launcher, manifest, ca, output } = cluster);
}, START_TIMEOUT_MS + 10_000);

afterAll(() => finish(cluster), 120_000);

let browser: Browser | undefined;
afterAll(() => browser?.close());
/** A teller's desk in Chromium, opened through the public origin, and where its sockets went. */
let desk: { page: Page; sockets: string[]; nodeId: string } | undefined;
const lastSocketPath = (): string | undefined => desk?.sockets.at(-1);

describe('npm run cluster -- --nodes 2', () => {
  it('writes cluster.json with the public origin and each node’s address and process', () => {
    expect(manifest).toEqual({
      lb: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
      nodes: [
        { id: 'node-1', url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), pid: expect.any(Number) },
        { id: 'node-2', url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), pid: expect.any(Number) },
      ],
    });
  });

  it('has every node answer /healthz at its own address, with its id and process; exactly one leads the queue', async () => {
    for (const node of manifest.nodes) {
      const { status, body } = await getHealth(node.url, ca);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', nodeId: node.id, pid: node.pid, routers: 0 });
    }
    // The nodes share one PostgreSQL, whose advisory lock only one of them holds
    // (a node answers /healthz a moment before its first try at the lock).
    const leaders = async () => {
      const bodies = await Promise.all(manifest.nodes.map((node) => getHealth(node.url, ca)));
      return bodies.filter(({ body }) => (body as { leader: boolean }).leader).length;
    };
    await expect.poll(leaders, { timeout: 30_000 }).toBe(1);
  });

  it('spreads requests without the sticky cookie over both nodes, and keeps a browser with it on one', async () => {
    const seen = new Set<string>();
    let cookie = '';
    for (let i = 0; i < 6; i++) {
      const { status, body, setCookie } = await getHealth(manifest.lb, ca);
      expect(status).toBe(200);
      seen.add(body.nodeId);
      cookie ||= setCookie.find((c) => c.startsWith(`${STICKY_COOKIE}=`))?.split(';')[0] ?? '';
    }
    expect([...seen].sort()).toEqual(['node-1', 'node-2']);
    expect(cookie).toMatch(new RegExp(`^${STICKY_COOKIE}=node-[12]$`));
    const pinned = cookie.split('=')[1];
    for (let i = 0; i < 4; i++) {
      const { body } = await getHealth(manifest.lb, ca, { cookie });
      expect(body.nodeId).toBe(pinned);
    }
  });

  it('needs the sticky cookie for socket.io: a long-polling session lives on the node that opened it', async () => {
    const handshake = await send(`${manifest.lb}/socket.io/?EIO=4&transport=polling`, {});
    expect(handshake.status).toBe(200);
    const { sid } = JSON.parse(handshake.body.slice(1)) as { sid: string };
    expect(handshake.sticky).toBeDefined();
    // An engine.io pong packet ("3"): harmless, and answered "ok" by the node that knows the session.
    const post = (cookie?: string) =>
      send(`${manifest.lb}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
        method: 'POST',
        body: '3',
        cookie,
      });
    for (let i = 0; i < 4; i++)
      expect(await post(handshake.sticky)).toMatchObject({ status: 200, body: 'ok' });
    // Without it, round robin sends some of them to the other node, which has never heard of the session.
    const unpinned = [];
    for (let i = 0; i < 4; i++) unpinned.push(await post());
    expect(unpinned.map((res) => res.status)).toContain(400);
    expect(unpinned.find((res) => res.status === 400)?.body).toMatch(/Session ID unknown/);
  });

  it('routes /node/<id>/… through the public origin to that node only', async () => {
    for (const node of manifest.nodes) {
      for (let i = 0; i < 2; i++) {
        const { status, body } = await getHealth(`${manifest.lb}/node/${node.id}/`, ca);
        expect(status).toBe(200);
        expect(body.nodeId).toBe(node.id);
      }
    }
  });

  it('lists both nodes in GET /api/cluster, through the public origin, each live, exactly one leading', async () => {
    const lb = { url: manifest.lb, ca };
    const password = /Demo password: (\S+)/.exec(output())?.[1];
    expect(password).toBeDefined();
    // Staff sessions are still each node's own: the sticky cookie keeps the sign-in and the query on one node.
    const signedIn = await httpRequest(lb, 'POST', '/api/auth/login', {
      json: { username: 'supervisor1', password },
    });
    expect(signedIn.status).toBe(200);
    const sticky = [signedIn.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith(`${STICKY_COOKIE}=`))
      ?.split(';')[0];
    const token = sessionFrom(signedIn);
    expect(sticky).toBeDefined();
    expect(token).toBeDefined();
    const headers = { cookie: `${sticky}; ${staffHeaders(token!).cookie}` };
    const listed = async () => {
      const res = await httpRequest(lb, 'GET', '/api/cluster', { headers });
      expect(res.status).toBe(200);
      const view = clusterViewSchema.parse(res.body);
      expect(view.thisNode).toBe(sticky!.split('=')[1]);
      return {
        live: view.nodes.filter((node) => node.live).map((node) => node.id),
        leaders: view.nodes.filter((node) => node.leader).length,
      };
    };
    // Each node reports every 5 s, and its leadership as it stood at its last report.
    await expect
      .poll(listed, { timeout: 30_000, interval: 1_000 })
      .toEqual({ live: ['node-1', 'node-2'], leaders: 1 });
  }, 60_000);

  it('places a teller’s desk on a node, whose socket.io and REST it reaches at /node/<id>/ (polling, then WebSocket)', async () => {
    const lb = { url: manifest.lb, ca };
    const password = /Demo password: (\S+)/.exec(output())?.[1];
    const signedIn = await httpRequest(lb, 'POST', '/api/auth/login', {
      json: { username: 'teller1', password },
    });
    expect(signedIn.status).toBe(200);
    const headers = staffHeaders(sessionFrom(signedIn)!);
    // Both nodes live (the test above waited for it) on the shared PostgreSQL: one of them is named.
    const placed = await httpRequest(lb, 'GET', '/api/cluster/placement', { headers });
    expect(placed.status).toBe(200);
    const { nodeId } = clusterPlacementSchema.parse(placed.body);
    expect(['node-1', 'node-2']).toContain(nodeId);
    const history = await httpRequest(lb, 'GET', `/node/${nodeId}/api/teller/history`, { headers });
    expect(history.status).toBe(200);
    // As the desk's SocketClient after moveTo(nodeId): the public origin, the node's path, the cookie.
    const socket: TestSocket = io(manifest.lb, {
      path: `/node/${nodeId}/socket.io`,
      ca,
      extraHeaders: headers,
      reconnection: false,
    });
    try {
      const hello = new Promise<string>((resolve) => socket.once('node:hello', (h) => resolve(h.nodeId)));
      const upgraded = new Promise<string>((resolve) =>
        socket.io.engine.once('upgrade', (t) => resolve(t.name)),
      );
      expect(await hello).toBe(nodeId);
      expect(await upgraded).toBe('websocket');
      const state = await socket.timeout(5_000).emitWithAck('teller:state', {});
      expect(state).toMatchObject({ ok: true, data: { callNode: null } });
    } finally {
      socket.close();
    }
  }, 60_000);

  it('opens a teller’s desk in Chromium on the node placement named, at /node/<id>/socket.io', async () => {
    browser = await launchChromium();
    const page = await (await newContext(browser)).newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
    await page.goto(`${manifest.lb}/teller/`);
    await page.fill('input[name=username]', 'teller2');
    await page.fill('input[name=password]', /Demo password: (\S+)/.exec(output())![1]!);
    await page.click('[data-testid=login]');
    await expect.poll(() => sockets.at(-1), { timeout: 30_000 }).toMatch(/^\/node\/node-[12]\/socket\.io\/$/);
    const nodeId = /^\/node\/([^/]+)\//.exec(sockets.at(-1)!)![1]!;
    // The desk shows the server's state: the socket answers through the node's path.
    await page.waitForFunction(() => document.querySelector('[data-testid=desk-status]')?.textContent !== '');
    desk = { page, sockets, nodeId };
  }, 90_000);

  it('serves /internal/router-link on each node’s own address only: never through the public origin', async () => {
    for (const node of manifest.nodes) {
      // Mounted (the launcher gave every node the cluster secret), and refused unsigned.
      const direct = await send(`${node.url}/internal/router-link`, { method: 'POST', body: '{}' });
      expect(direct.status).toBe(401);
      expect(JSON.parse(direct.body)).toMatchObject({ error: { code: 'unauthorized' } });
      for (const path of [
        '/internal/router-link',
        '/INTERNAL/router-link',
        `/node/${node.id}/internal/router-link`,
      ]) {
        expect((await send(`${manifest.lb}${path}`, { method: 'POST', body: '{}' })).status).toBe(404);
      }
    }
  });

  it('reports a node that dies, and haproxy’s health checks send everyone to the one left', async () => {
    // The node holding the teller's desk (test above) dies: the desk has to fall back.
    const victim = manifest.nodes.find((node) => node.id === desk?.nodeId) ?? manifest.nodes[1]!;
    const survivor = manifest.nodes.find((node) => node !== victim)!;
    process.kill(victim.pid, 'SIGKILL');
    await expect
      .poll(output, { timeout: 15_000 })
      .toMatch(new RegExp(`${victim.id} stopped unexpectedly \\(killed by SIGKILL\\)`));
    // Two failed checks two seconds apart take the node out; until then a request may fail.
    await expect
      .poll(
        async () => {
          const answers = [];
          for (let i = 0; i < 4; i++)
            answers.push((await getHealth(manifest.lb, ca).catch(() => undefined))?.body.nodeId);
          return answers;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual([survivor.id, survivor.id, survivor.id, survivor.id]);
    // A page pinned to the dead node hears 503 there, and falls back through the load balancer.
    const pinned = await send(`${manifest.lb}/node/${victim.id}/socket.io/?EIO=4&transport=polling`, {});
    expect(pinned.status).toBe(503);
    // The desk went back through the load balancer, to the survivor, and its socket answers there.
    expect(desk).toBeDefined();
    await expect.poll(lastSocketPath, { timeout: 30_000 }).toBe('/socket.io/');
    await desk!.page.click('[data-status=available]');
    await expect
      .poll(() => desk!.page.getAttribute('[data-status=available]', 'aria-pressed'), { timeout: 15_000 })
      .toBe('true');
    expect(await desk!.page.isHidden('[data-screen=login]')).toBe(true);
    expect(launcher.exitCode).toBeNull();
  }, 120_000);

  it('stops everything on Ctrl-C: every process gone, every port free, cluster.json removed', async () => {
    const ports = [manifest.lb, ...manifest.nodes.map((node) => node.url)].map((url) =>
      Number(new URL(url).port),
    );
    const helpers = processesIn(dir);
    // PostgreSQL, the S3 server and haproxy are there to stop, besides the nodes.
    expect(helpers.length).toBeGreaterThanOrEqual(3);
    process.kill(-launcher.pid!, 'SIGINT');
    expect(await exitOf(launcher)).toBe(0);
    expect(output()).toMatch(/cluster: stopped/);
    // Only the node the test killed is reported: the rest were stopped by the launcher, in order.
    expect(output().match(/stopped unexpectedly/g)).toHaveLength(1);
    for (const pid of [...manifest.nodes.map((node) => node.pid), ...helpers]) expect(alive(pid)).toBe(false);
    expect(processesIn(dir)).toEqual([]);
    for (const port of ports) expect(await isListening(port)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'cluster.json'))).toBe(false);
  }, 120_000);
});

describe('npm run cluster, stopped otherwise', () => {
  const launchedHere: Started[] = [];
  afterAll(async () => {
    for (const one of launchedHere) await finish(one);
  }, 120_000);

  it(
    'stops what it has started when Ctrl-C comes while the nodes are starting',
    async () => {
      const starting = spawnLauncher(1);
      launchedHere.push(starting);
      const { launcher, output, dir: folder } = starting;
      await new Promise<void>((resolve, reject) => {
        const seen = (): void => {
          if (output().includes('starting 1 node(s)')) resolve();
        };
        launcher.stdout!.on('data', seen);
        launcher.once('exit', () => reject(new Error(`the launcher exited:\n${output()}`)));
        setTimeout(() => reject(new Error(`the nodes did not start:\n${output()}`)), START_TIMEOUT_MS);
      });
      // PostgreSQL and the S3 server run by now, and the node is starting.
      expect(processesIn(folder).length).toBeGreaterThanOrEqual(2);
      process.kill(-launcher.pid!, 'SIGINT');
      expect(await exitOf(launcher)).toBe(0);
      expect(output()).toMatch(/cluster: stopped during start-up/);
      expect(processesIn(folder)).toEqual([]);
      expect(fs.existsSync(path.join(folder, 'cluster.json'))).toBe(false);
    },
    START_TIMEOUT_MS + 60_000,
  );

  it(
    'stops everything on SIGTERM to the launcher alone',
    async () => {
      const launched = await launch(1);
      launchedHere.push(launched);
      const helpers = processesIn(launched.dir);
      launched.launcher.kill('SIGTERM');
      expect(await exitOf(launched.launcher)).toBe(0);
      expect(alive(launched.manifest.nodes[0]!.pid)).toBe(false);
      for (const pid of helpers) expect(alive(pid)).toBe(false);
      expect(launched.output()).not.toMatch(/stopped unexpectedly/);
    },
    START_TIMEOUT_MS + 60_000,
  );
});
