/**
 * Starts Debian's redis-server for tests, benchmarks and the local cluster:
 * on 127.0.0.1 at a free port (or the one given), its files in `dir`, nothing
 * saved to disk (what it carries — socket.io pushes and rate-limit counters —
 * is worth nothing after a restart).
 */
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { freePort } from '../free-port.js';

export interface RunningRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const READY = /Ready to accept connections/;
const START_TIMEOUT_MS = 20_000;

export async function startRedis(options: { dir: string; port?: number }): Promise<RunningRedis> {
  const port = options.port ?? (await freePort());
  // redis-server refuses a --dir that does not exist.
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', options.dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`redis-server not ready in ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output}`));
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (child.exitCode !== null || READY.test(output)) return;
      output += chunk.toString();
      if (READY.test(output)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
  child.stdout.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
