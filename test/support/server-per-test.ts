import { afterEach, beforeEach } from 'vitest';
import type { TestSocket } from './clients.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface PerTestServer {
  /** The current test's server. */
  readonly server: TestServer;
  /** Sockets to close after the test, before its server. */
  readonly sockets: TestSocket[];
}

/** A fresh server for every test of the file, and its sockets closed after it. */
export function serverPerTest(env: Record<string, string> = {}): PerTestServer {
  let current: TestServer | undefined;
  const sockets: TestSocket[] = [];
  beforeEach(async () => {
    current = await startTestServer(env);
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await current?.close();
    current = undefined;
  });
  return {
    get server() {
      if (!current) throw new Error('the server exists only while a test runs');
      return current;
    },
    sockets,
  };
}
