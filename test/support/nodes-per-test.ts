import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startRedis, type RunningRedis } from '../../scripts/redis/redis-server.js';
import { clusterSecretIn } from './cluster-secret.js';
import { connect, createTicket, type TestSocket } from './clients.js';
import { postgresPerFile } from './postgres.js';
import { kill, type ServerProcess } from './server-process.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * Nodes of one cluster in a test file, as a cluster runs them: one PostgreSQL and one Redis for
 * the file, a fresh database and session key per cluster. What a test starts goes in `started`
 * and is stopped after it (server processes with SIGKILL, sockets closed).
 */
export function nodesPerTest(name: string) {
  const postgres = postgresPerFile();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `skyteller-${name}-`));
  let redis: RunningRedis | undefined;
  const started = {
    nodes: [] as TestServer[],
    processes: [] as ServerProcess[],
    sockets: [] as TestSocket[],
  };
  beforeAll(async () => {
    redis = await startRedis({ dir: fs.mkdtempSync(path.join(dir, 'redis-')) });
  });
  afterEach(async () => {
    for (const socket of started.sockets.splice(0)) socket.close();
    await Promise.all(started.processes.splice(0).map((node) => kill(node, 'SIGKILL')));
    await Promise.all(started.nodes.splice(0).map((node) => node.close()));
  });
  afterAll(async () => {
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  /** What the nodes of one cluster share: a fresh database, the Redis, one session key. */
  const clusterEnv = async (): Promise<Record<string, string>> => ({
    SKYTELLER_DATABASE_URL: await postgres.freshDatabase(),
    SKYTELLER_REDIS_URL: redis!.url,
    SKYTELLER_SESSION_KEY_FILE: path.join(dir, `${crypto.randomUUID()}.key`),
  });
  let customers = 0;
  return {
    dir,
    started,
    clusterEnv,
    /**
     * Two servers of one cluster in this process, node-a (elected first) and node-b; `env` adds
     * settings. `linked`: with one cluster secret and one certificate, so their router links work.
     */
    async twoNodes(
      env: Record<string, string> = {},
      { linked = false }: { linked?: boolean } = {},
    ): Promise<[TestServer, TestServer]> {
      const shared = { ...(await clusterEnv()), ...env };
      const secret = linked ? clusterSecretIn(fs.mkdtempSync(path.join(dir, 'linked-'))) : undefined;
      for (const id of ['node-a', 'node-b']) {
        const nodeEnv = { ...shared, SKYTELLER_NODE_ID: id };
        started.nodes.push(
          secret
            ? await startTestServer(
                { ...nodeEnv, SKYTELLER_CLUSTER_SECRET_FILE: secret.secretFile },
                { dataDir: secret.nodeFolder(id) },
              )
            : await startTestServer(nodeEnv),
        );
      }
      return [started.nodes[0]!, started.nodes[1]!];
    },
    /** A normal-priority customer joins on `node` and its page connects there. */
    async customerOn(node: { url: string; ca: string }) {
      const created = await createTicket(node, { idType: 'passport', idNumber: `E${++customers}` });
      const socket = await connect(node, { ticketToken: created.ticketToken });
      started.sockets.push(socket);
      return { ticketId: created.ticket.ticketId, ticketToken: created.ticketToken, socket };
    },
  };
}
