/**
 * A Skyteller server in its own process, as the crash test needs one it can
 * kill with SIGKILL, plus synthetic media on request. Started with the data
 * folder as its argument (and, optionally, a JSON object of SKYTELLER_*
 * settings besides the tests' own); prints {"url"} once listening. Each line on stdin,
 * {"callId", "participantKey", "frequency"?}, starts a synthetic sender into
 * that call as that participant and is answered with {"senderPid"}.
 */
import readline from 'node:readline';
import { sendIntoCall } from './call-media.js';
import { startTestServer } from './test-server.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: media-server-child.ts <data dir> [settings JSON]');
const settings = JSON.parse(process.argv[3] ?? '{}') as Record<string, string>;
const server = await startTestServer(settings, { dataDir });
console.log(JSON.stringify({ url: server.url }));
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const { callId, participantKey, frequency } = JSON.parse(line) as {
    callId: string;
    participantKey: string;
    frequency?: number;
  };
  sendIntoCall(server, callId, participantKey, { frequency }).then(
    (sender) => console.log(JSON.stringify({ senderPid: sender.pid })),
    (error: unknown) => console.log(JSON.stringify({ error: String(error) })),
  );
});
