import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoginResponse } from '../../shared/contracts/auth.js';
import { getHealth } from '../../scripts/cluster/health-probe.js';
import { startCluster, type RunningCluster } from '../../scripts/cluster/start-cluster.js';
import type { ChainVerdict } from '../../shared/contracts/auditor.js';
import { checkStoredChain } from '../../server/audit/chain-check.js';
import { readSecretFile } from '../../server/platform/secrets.js';
import { request, type TestSocket } from './clients.js';
import { LbBrowser } from './lb-browser.js';

/** A cluster started by the launcher's own code (README, "Deployment") in a temp folder of its own. */
export interface LocalCluster extends RunningCluster {
  dir: string;
  lbTarget: { url: string; ca: string };
  /** Stops every part and removes the folder. */
  remove(): Promise<void>;
}

/**
 * PostgreSQL, Redis, the S3 server, `nodes` nodes and haproxy, on free ports. The nodes get this
 * process's environment (as the launcher's do), so a caller may set SKYTELLER_* before.
 */
export async function startLocalCluster(nodes: number, report: (line: string) => void = () => {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-cluster-'));
  // PostgreSQL runs as its own user, which must pass through this folder.
  fs.chmodSync(dir, 0o711);
  const options = { nodes, port: 0, dir, rtcPort: 0, workers: 1, announcedIp: '127.0.0.1' };
  try {
    const cluster = await startCluster(options, report);
    return {
      ...cluster,
      dir,
      lbTarget: { url: cluster.lb, ca: cluster.ca },
      remove: async () => {
        await cluster.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    } satisfies LocalCluster;
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The one node among `nodeIds` whose /healthz says it leads, once exactly one does. */
export async function leaderAmong(cluster: LocalCluster, nodeIds: string[], timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const nodes = cluster.nodes.filter((node) => nodeIds.includes(node.id));
    const answers = await Promise.all(
      nodes.map((node) => getHealth(node.url, cluster.ca).catch(() => undefined)),
    );
    const leaders = nodes.filter((_, i) => answers[i]?.body.leader === true);
    if (leaders.length === 1) return leaders[0]!;
    if (Date.now() > deadline) throw new Error(`${leaders.length} leaders among ${nodeIds.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The audit chain in the cluster's PostgreSQL checked with the cluster's audit key, by the
 * verifier `npm run audit:verify` runs (in this process: no command to compile on a busy machine).
 */
export function verifyAuditChain(cluster: LocalCluster): Promise<ChainVerdict> {
  return checkStoredChain({
    source: { databaseUrl: cluster.databaseUrl },
    key: readSecretFile(path.join(cluster.dir, 'secrets', 'audit.key'), 'SKYTELLER_AUDIT_KEY_FILE', false),
  });
}

/** A teller signs in through the load balancer; its desk's socket (on the node it was pinned to) is available. */
export async function tellerThroughLb(
  lb: { url: string; ca: string },
  login: { username: string; password: string },
  address: string,
): Promise<{ browser: LbBrowser; socket: TestSocket; tellerId: string }> {
  const browser = new LbBrowser(lb, address);
  const res = await browser.request<LoginResponse>('POST', '/api/auth/login', login);
  if (res.status !== 200 || res.body.next !== 'signed_in')
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const socket = browser.openSocket();
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await request(socket, 'teller:setStatus', { status: 'available' });
  return { browser, socket, tellerId: res.body.user.id };
}
