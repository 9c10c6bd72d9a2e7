import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { REPO_ROOT } from '../../server/composition/compose.js';
import { databaseEnvOf, provideDatabase } from './test-database.js';

export interface MediaServerChild {
  url: string;
  ca: string;
  child: ChildProcess;
  /** The synthetic senders started so far: they outlive a killed server, so a test kills them. */
  senderPids: number[];
  /** Starts synthetic media into the call as that participant; resolves with the sender's pid. */
  send(callId: string, participantKey: string): Promise<number>;
}

/**
 * The server in a child process (test/support/media-server-child.ts), one a
 * test can kill with SIGKILL: its URL once listening, and synthetic media on
 * request. `settings` are SKYTELLER_* values besides the tests' own.
 */
export async function startMediaServerChild(
  dataDir: string,
  settings: Record<string, string> = {},
): Promise<MediaServerChild> {
  // On a PostgreSQL run the child, outside vitest, is handed the data folder's database.
  if (settings.SKYTELLER_DATABASE_URL === undefined) await provideDatabase(dataDir);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/support/media-server-child.ts',
      dataDir,
      JSON.stringify({ ...databaseEnvOf(dataDir), ...settings }),
    ],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the server process ended');
    return JSON.parse(value as string) as { url?: string; senderPid?: number; error?: string };
  };
  const { url } = await nextLine();
  const senderPids: number[] = [];
  return {
    url: url!,
    ca: fs.readFileSync(path.join(dataDir, 'tls', 'server.crt'), 'utf8'),
    child,
    senderPids,
    send: async (callId, participantKey) => {
      child.stdin!.write(`${JSON.stringify({ callId, participantKey })}\n`);
      const answer = await nextLine();
      if (!answer.senderPid) throw new Error(answer.error ?? 'no sender');
      senderPids.push(answer.senderPid);
      return answer.senderPid;
    },
  };
}
