// Starts a local Skyteller cluster on this machine: PostgreSQL, Redis, an S3 server,
// N nodes and haproxy in front of them, all from Debian packages and npm ones
// already installed, all under one folder. See README, "Deployment".
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { originsServedAt } from '../../server/platform/http/origins.js';
import { REPO_ROOT } from '../../server/platform/repo-root.js';
import { readSecretFile } from '../../server/platform/secrets.js';
import { ensureSelfSignedCertificate } from '../../server/platform/tls/self-signed.js';
import { freePort } from '../free-port.js';
import { startPostgres, type RunningPostgres } from '../postgres/postgres-server.js';
import { startRedis } from '../redis/redis-server.js';
import { rtcPortOf, type ClusterOptions } from './cluster-options.js';
import { isListening } from './port-probe.js';
import { haproxyConfig } from './haproxy-config.js';
import { waitUntilHealthy } from './health-probe.js';
import { SupervisedChild } from './supervised-child.js';

/** What `cluster.json` holds: where the public origin is and each node's own address and process. */
export interface ClusterManifest {
  lb: string;
  nodes: { id: string; url: string; pid: number }[];
}

export interface RunningCluster extends ClusterManifest {
  /** The demo staff accounts' password on every node. */
  demoPassword: string;
  /** PEM certificate every node and haproxy serve (clients that check TLS trust it). */
  ca: string;
  manifestFile: string;
  /** The nodes' database, for commands run against it (`npm run audit:verify`). */
  databaseUrl: string;
  /** Stops everything it started, in the reverse order, and removes cluster.json. */
  stop(): Promise<void>;
}

/** A node compiles its TypeScript on start: on a busy two-core machine this takes a while. */
const NODE_START_TIMEOUT_MS = 180_000;
const S3_BUCKET = 'skyteller';
/** s3rver's fixed credentials. */
const S3_KEY = 'S3RVER';
const DATABASE = 'skyteller';

/**
 * Starts every part and resolves once the public origin answers. `abort` (Ctrl-C during
 * start-up) makes it stop what has started and reject with the abort's reason.
 */
export async function startCluster(
  options: ClusterOptions,
  report: (line: string) => void,
  abort?: AbortSignal,
): Promise<RunningCluster> {
  const dir = path.resolve(options.dir);
  fs.mkdirSync(dir, { recursive: true });
  letServerUsersThrough(dir);
  // What has started, in groups that start together; stopped group by group, newest first.
  const started: { stop(): Promise<void> }[][] = [];
  const stopAll = async (): Promise<void> => {
    // haproxy stops taking requests before the nodes go, the nodes before their stores.
    for (const group of started.reverse())
      await Promise.all(group.map((part) => part.stop().catch((e: unknown) => report(String(e)))));
    started.length = 0;
  };
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const logFile = (name: string) => path.join(dir, 'logs', `${name}.log`);
  const onCrash = (name: string, how: string): void =>
    report(`${name} stopped unexpectedly (${how}); see ${logFile(name)}`);

  try {
    const tls = ensureSelfSignedCertificate(path.join(dir, 'tls'), [options.announcedIp]);
    const pemFile = path.join(dir, 'tls', 'haproxy.pem');
    fs.writeFileSync(pemFile, tls.cert + tls.key, { mode: 0o600 });
    // One session key and one audit key for all nodes: a staff session signed by one node is
    // good on the others, and every node extends the same audit chain.
    const keyFile = (name: string, variable: string) => {
      const file = path.join(dir, 'secrets', `${name}.key`);
      readSecretFile(file, variable, true);
      return file;
    };
    const sessionKeyFile = keyFile('session', 'SKYTELLER_SESSION_KEY_FILE');
    const auditKeyFile = keyFile('audit', 'SKYTELLER_AUDIT_KEY_FILE');
    // And one cluster secret: the nodes sign their router link requests to one another with it.
    const clusterSecretFile = keyFile('cluster', 'SKYTELLER_CLUSTER_SECRET_FILE');
    const demoPassword = demoPasswordIn(dir);

    const pickPort = freePortOutside(options);
    const lbPort = options.port === 0 ? await pickPort() : options.port;
    const s3Port = await pickPort();
    const nodePorts: number[] = [];
    for (let i = 0; i < options.nodes; i++) nodePorts.push(await pickPort());
    const lb = `https://${hostOf(options.announcedIp)}:${lbPort}`;

    const redisPort = await pickPort();
    report('starting PostgreSQL, Redis and the S3 server');
    const s3 = new SupervisedChild({
      name: 's3',
      command: process.execPath,
      args: [
        path.join(REPO_ROOT, 'node_modules', 's3rver', 'bin', 's3rver.js'),
        ...['--directory', path.join(dir, 's3'), '--address', '127.0.0.1', '--port', String(s3Port)],
        ...['--configure-bucket', S3_BUCKET, '--silent'],
      ],
      logFile: logFile('s3'),
      onCrash,
    });
    started.push([s3]);
    const postgres = await startPostgres({ dir: path.join(dir, 'postgres') });
    started.push([postgres]);
    // socket.io's pushes and the shared rate limits between the nodes (README, "Shared signalling").
    const redis = await startRedis({ dir: path.join(dir, 'redis'), port: redisPort });
    started.push([redis]);
    const databaseUrl = await ensureDatabase(postgres, DATABASE);
    await waitForPort(s3Port, s3, abort);

    report(`starting ${options.nodes} node(s)`);
    const nodes = nodePorts.map((port, index) => {
      const id = `node-${index + 1}`;
      const nodeDir = path.join(dir, 'nodes', id);
      const url = `https://${hostOf(options.announcedIp)}:${port}`;
      const child = new SupervisedChild({
        name: id,
        command: process.execPath,
        args: ['--import', 'tsx', path.join(REPO_ROOT, 'server', 'main.ts')],
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          SKYTELLER_NODE_ID: id,
          SKYTELLER_HOST: options.announcedIp === '127.0.0.1' ? '127.0.0.1' : '0.0.0.0',
          SKYTELLER_PORT: String(port),
          SKYTELLER_ANNOUNCED_IP: options.announcedIp,
          SKYTELLER_RTC_PORT: String(rtcPortOf(options, index)),
          SKYTELLER_WORKERS: String(options.workers),
          // Each node has its own folder, so its SQLite file too, until the stores move to PostgreSQL.
          SKYTELLER_DATA_DIR: nodeDir,
          SKYTELLER_RECORDINGS_DIR: path.join(nodeDir, 'recordings'),
          // Given now so the cluster is set up as it will run; the stores use it from the next session.
          SKYTELLER_DATABASE_URL: databaseUrl,
          SKYTELLER_REDIS_URL: redis.url,
          SKYTELLER_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
          SKYTELLER_S3_BUCKET: S3_BUCKET,
          SKYTELLER_S3_REGION: 'us-east-1',
          SKYTELLER_S3_ACCESS_KEY_ID: S3_KEY,
          SKYTELLER_S3_SECRET_ACCESS_KEY: S3_KEY,
          SKYTELLER_TLS_CERT: path.join(dir, 'tls', 'server.crt'),
          SKYTELLER_TLS_KEY: path.join(dir, 'tls', 'server.key'),
          SKYTELLER_SESSION_KEY_FILE: sessionKeyFile,
          SKYTELLER_AUDIT_KEY_FILE: auditKeyFile,
          SKYTELLER_CLUSTER_SECRET_FILE: clusterSecretFile,
          SKYTELLER_DEMO_PASSWORD: demoPassword,
          // Pages come from the public origin; a node's own address stays usable for operators.
          SKYTELLER_ALLOWED_ORIGINS: [lb, ...originsServedAt(options.announcedIp, port)].join(','),
          // haproxy is on loopback: its X-Forwarded-For names the client.
          SKYTELLER_TRUSTED_PROXIES: 'loopback',
        },
        logFile: logFile(id),
        onCrash,
        // The whole cluster stops: no node is left to drain to, so each stops at once (SIGTERM drains).
        stopSignal: 'SIGINT',
      });
      return { id, url, port, child };
    });
    started.push(nodes.map((node) => node.child));
    await Promise.all(
      nodes.map((node) => waitUntilHealthy(node.url, tls.cert, node.child, NODE_START_TIMEOUT_MS, abort)),
    );

    report('starting haproxy');
    const configFile = path.join(dir, 'haproxy.cfg');
    fs.writeFileSync(
      configFile,
      haproxyConfig({
        port: lbPort,
        bindAddress: options.announcedIp === '127.0.0.1' ? '127.0.0.1' : '0.0.0.0',
        pemFile,
        nodes: nodes.map(({ id, port }) => ({ id, port })),
      }),
    );
    const haproxyBin = fs.existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';
    // A configuration haproxy refuses fails here, with haproxy's words, rather than as a crash.
    execFileSync(haproxyBin, ['-c', '-q', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    const haproxy = new SupervisedChild({
      name: 'haproxy',
      command: haproxyBin,
      // -db: stay in the foreground, so the launcher is its parent and sees it stop.
      args: ['-db', '-f', configFile],
      logFile: logFile('haproxy'),
      onCrash,
    });
    started.push([haproxy]);
    await waitUntilHealthy(lb, tls.cert, haproxy, 30_000, abort);

    const manifest: ClusterManifest = {
      lb,
      nodes: nodes.map(({ id, url, child }) => ({ id, url, pid: child.pid })),
    };
    const manifestFile = path.join(dir, 'cluster.json');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
    return {
      ...manifest,
      demoPassword,
      ca: tls.cert,
      manifestFile,
      databaseUrl,
      stop: async () => {
        // First: it names processes that are about to end.
        fs.rmSync(manifestFile, { force: true });
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Free ports for the load balancer, the S3 server and the nodes: each a different one
 * (nothing listens on them until all are picked), and never one of the nodes' WebRTC
 * ports, which mediasoup binds only later.
 */
function freePortOutside(options: ClusterOptions): () => Promise<number> {
  const rtcEnd = options.rtcPort + options.nodes * options.workers;
  const picked = new Set<number>();
  return async () => {
    for (;;) {
      const port = await freePort();
      const inRtcRange = options.rtcPort !== 0 && port >= options.rtcPort && port < rtcEnd;
      if (!inRtcRange && !picked.has(port)) {
        picked.add(port);
        return port;
      }
    }
  };
}

const hostOf = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/**
 * PostgreSQL runs as its own user, which must pass through every folder above its
 * own. Adds "others may pass" (x, not read) to the cluster's folder and to those
 * above it inside this checkout: `npm start` makes data/ 0700, but everything it
 * keeps there is 0600 or 0700 itself, so passing through reveals nothing.
 */
function letServerUsersThrough(dir: string): void {
  for (let up = dir; up.startsWith(REPO_ROOT + path.sep); up = path.dirname(up)) {
    const mode = fs.statSync(up).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(up, (mode & 0o777) | 0o001);
  }
}

/** The demo accounts' password: the one given, else the one this cluster folder was first started with. */
function demoPasswordIn(dir: string): string {
  if (process.env.SKYTELLER_DEMO_PASSWORD) return process.env.SKYTELLER_DEMO_PASSWORD;
  const file = path.join(dir, 'demo-password');
  if (!fs.existsSync(file))
    fs.writeFileSync(file, crypto.randomBytes(12).toString('base64url') + '\n', { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/** Creates the nodes' database once; returns its URL. */
async function ensureDatabase(postgres: RunningPostgres, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return url.toString();
}

async function waitForPort(port: number, child: SupervisedChild, abort?: AbortSignal): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await isListening(port))) {
    abort?.throwIfAborted();
    if (!child.running) throw new Error(`${child.name} exited while starting (see its log)`);
    if (Date.now() > deadline) throw new Error(`${child.name} is not listening on port ${port} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
