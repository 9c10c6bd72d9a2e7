// Starts a private PostgreSQL from Debian's `postgresql` package in a folder it
// owns: for tests (one server per test file) and for `npm run cluster`. Nothing
// is installed system-wide and no system service is used, so a fresh machine
// needs only the package (scripts/bootstrap.sh --test installs it).
//
// PostgreSQL refuses to run as root, and we are root here and on CI, so the
// server runs as its own non-root user `skyteller-pg` (created when missing).
// It listens on 127.0.0.1 only, its unix socket lives inside the folder, and
// it asks for a password (scram) even on loopback: the machine is shared, and
// "trust" would let any local user in.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { findPostgresBin } from './postgres-bin.js';
import { postgresUser, type OsUser } from './postgres-user.js';
import { freePort } from '../free-port.js';

export interface StartPostgresOptions {
  /** The cluster's folder: created and initialised when empty, reused otherwise. */
  readonly dir: string;
  /** 127.0.0.1 port; a free one when not given. */
  readonly port?: number;
}

export interface RunningPostgres {
  /** postgres://… for the `postgres` database, as the superuser. */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown (SIGINT: rolls back open transactions, then exits cleanly). */
  stop(): Promise<void>;
}

const SUPERUSER = 'skyteller';
// Kept in the cluster folder so a restarted cluster is reachable again.
const PASSWORD_FILE = 'skyteller-password';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL_LINES = 40;

export async function startPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const dir = path.resolve(options.dir);
  const bin = findPostgresBin();
  const user = postgresUser();
  prepareDir(dir, user);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) initdb(bin, dir, user);
  const password = fs.readFileSync(path.join(dir, PASSWORD_FILE), 'utf8').trim();
  const port = options.port ?? (await freePort());
  const child = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'unix_socket_permissions=0700',
      // Logs go to our pipe (kept for the error message when start-up fails).
      '-c',
      'logging_collector=off',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...asUser(user) },
  );
  const log = tailOf(child);
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  // A test runner killed mid-run must not leave a server behind.
  const killOnExit = (): void => void child.kill('SIGQUIT');
  process.once('exit', killOnExit);
  try {
    await waitUntilReady(url, child, log);
  } catch (error) {
    process.off('exit', killOnExit);
    child.kill('SIGQUIT');
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopping ??= stopChild(child).finally(() => process.off('exit', killOnExit));
      return stopping;
    },
  };
}

/** The folder must be the server user's and private (initdb and postgres check both). */
function prepareDir(dir: string, user: OsUser | undefined): void {
  fs.mkdirSync(dir, { recursive: true });
  if (user) {
    fs.chownSync(dir, user.uid, user.gid);
    assertReachable(dir);
  }
  fs.chmodSync(dir, 0o700);
}

/** Every folder above `dir` must let the server user pass, or postgres cannot open its own folder. */
function assertReachable(dir: string): void {
  for (let up = path.dirname(dir); ; up = path.dirname(up)) {
    if ((fs.statSync(up).mode & 0o001) === 0) {
      throw new Error(
        `postgres: ${up} is closed to other users, so the server's user cannot reach ${dir}; put the cluster elsewhere`,
      );
    }
    if (up === path.dirname(up)) return;
  }
}

function initdb(bin: string, dir: string, user: OsUser | undefined): void {
  const password = crypto.randomBytes(24).toString('base64url');
  // initdb wants an empty folder, so the password is handed over through a file beside it.
  const pwfile = `${dir}.pwfile-${process.pid}`;
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) fs.chownSync(pwfile, user.uid, user.gid);
  try {
    execFileSync(
      path.join(bin, 'initdb'),
      [
        '-D',
        dir,
        '-U',
        SUPERUSER,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        // Only initdb's own flush is skipped; the running server stays durable.
        '--no-sync',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...asUser(user) },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`postgres: initdb failed in ${dir}: ${stderr.trim()}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.writeFileSync(path.join(dir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
}

function asUser(user: OsUser | undefined): { uid?: number; gid?: number; env: NodeJS.ProcessEnv } {
  // LC_ALL=C: the server's messages and sorting must not depend on the caller's locale.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
  return user ? { uid: user.uid, gid: user.gid, env } : { env };
}

interface LogTail {
  text(): string;
}

function tailOf(child: ChildProcess): LogTail {
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - LOG_TAIL_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { text: () => lines.join('\n') };
}

/** Connects until the server answers a query, or fails as soon as the process exits. */
async function waitUntilReady(url: string, child: ChildProcess, log: LogTail): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited (${code ?? signal})`));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`postgres: server ${exited} during start-up:\n${log.text()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `postgres: not ready after ${READY_TIMEOUT_MS} ms (${String(error)}):\n${log.text()}`,
        );
      }
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  // A fast shutdown that hangs (a stuck backend) becomes an immediate one.
  const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
