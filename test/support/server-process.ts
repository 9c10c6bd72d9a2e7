import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../server/composition/compose.js';
import { provideDatabase } from './test-database.js';
import { testEnv } from './test-server.js';

export interface ServerProcess {
  url: string;
  ca: string;
  child: ChildProcess;
  output: () => string;
}

/**
 * `server/main.ts` in a child process, as `npm start` runs it; resolves once it prints its URL.
 * On a PostgreSQL run it uses the data folder's database, as startTestServer does.
 */
export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
  /** A loaded machine (`stress -c 2`) may take longer to compile and start it. */
  startTimeoutMs = 30_000,
): Promise<ServerProcess> {
  if (env.SKYTELLER_DATABASE_URL === undefined) await provideDatabase(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...testEnv(dataDir), SKYTELLER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), startTimeoutMs);
    const check = (): void => {
      const match = /Customer page:\s+(https:\/\/\S+?)\/\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const ca = fs.readFileSync(path.join(dataDir, 'tls', 'server.crt'), 'utf8');
  return { url, ca, child, output: () => output };
}

export function kill(server: ServerProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      return resolve(server.child.exitCode);
    server.child.once('exit', (code) => resolve(code));
    server.child.kill(signal);
  });
}
