import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/platform/config.js';
import { startServer, type RunningServer, type StartOptions } from '../../server/composition/compose.js';
import { assertNoSqliteFile, databaseEnvOf, provideDatabase } from './test-database.js';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface TestServer extends RunningServer {
  /** The development certificate, for clients that check TLS. */
  ca: string;
  dataDir: string;
}

/**
 * Loopback, free ports, one worker, a known demo password, everything under `dataDir`;
 * on a PostgreSQL run (test/support/test-database.ts), the database of `dataDir` once it has one.
 */
export function testEnv(dataDir: string): Record<string, string> {
  return {
    ...databaseEnvOf(dataDir),
    SKYTELLER_HOST: '127.0.0.1',
    SKYTELLER_PORT: '0',
    SKYTELLER_RTC_PORT: '0',
    SKYTELLER_WORKERS: '1',
    SKYTELLER_DATA_DIR: dataDir,
    SKYTELLER_RECORDINGS_DIR: path.join(dataDir, 'recordings'),
    SKYTELLER_DEMO_PASSWORD: DEMO_PASSWORD,
    // Calls back to back; the wrap-up tests turn it on.
    SKYTELLER_WRAP_UP_SECONDS: '0',
    // Tests and benches take thousands of tickets from the one loopback address; the abuse test sets its own.
    SKYTELLER_TICKETS_PER_ADDRESS_PER_MINUTE: '1000000',
    SKYTELLER_TICKETS_PER_MINUTE: '1000000',
    // Every call a test sets up signs its teller in; the sign-in limit's own tests set theirs.
    SKYTELLER_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  };
}

/**
 * A real server (real SQLite, real mediasoup worker) on free ports in a temp folder. On a
 * PostgreSQL run (`npm run test:postgres`) its data folder gets a database of its own, unless
 * `env` names one or `options.sqlite` keeps it on the embedded SQLite file (for the tests about
 * that file itself); a server started again on the same folder finds the same database.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: StartOptions & { dataDir?: string; sqlite?: true } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-test-'));
  if (env.SKYTELLER_DATABASE_URL === undefined && !options.sqlite) await provideDatabase(dataDir);
  const config = loadConfig({ ...testEnv(dataDir), SKYTELLER_LOG_LEVEL: 'silent', ...env });
  const server = await startServer(config, options);
  const close = async (): Promise<void> => {
    await server.close();
    // On PostgreSQL the server keeps nothing in SQLite: a store or helper that opened the file fails its test.
    if (config.databaseUrl !== undefined) assertNoSqliteFile(dataDir);
  };
  return { ...server, close, ca: fs.readFileSync(path.join(dataDir, 'tls', 'server.crt'), 'utf8'), dataDir };
}
