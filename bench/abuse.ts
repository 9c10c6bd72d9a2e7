/**
 * npm run bench:abuse — a real server in a child process (as `npm start` runs
 * it, default limits) while, in turn: the image bombs (the 30000×30000
 * signature PNG and three photo bombs, ten rounds) are sent, the abuse test's fuzz runs
 * (every socket event malformed, from a customer in a call and from teller1,
 * plus the bad REST requests), a supervisor and a customer each send 1,000
 * requests a second, and a customer's socket that stops reading floods
 * `ticket:status` until the server cuts it off. `/healthz` is asked every
 * 100 ms throughout. Prints JSON: its latency per phase (p50, p99, max, and
 * any answer that was not 200), and the server's memory before, at its peak
 * and after the slow reader was cut off. Writes bench/results/abuse.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  badRestRequests,
  callAwaitingSignature,
  fuzzSockets,
  malformedSocketMessages,
  probeHealth,
  sendBadRequest,
  sendBombs,
  stopReading,
} from '../test/support/abuse.js';
import { connect, createTicket, login, request, type TestSocket } from '../test/support/clients.js';
import { kill, spawnServer } from '../test/support/server-process.js';
import { memoryMiB } from './proc-usage.js';
import { quantile, round } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BOMB_ROUNDS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-bench-abuse-'));
// Default abuse limits, but for tickets: the bench takes several from one address.
const server = await spawnServer(dataDir, {
  SKYTELLER_LOG_LEVEL: 'warn',
  SKYTELLER_TICKETS_PER_ADDRESS_PER_MINUTE: '1000',
});
const pid = server.child.pid!;
const rssMiB = () => memoryMiB(pid)?.rss ?? 0;
const sockets: TestSocket[] = [];

async function whileProbing(work: () => Promise<unknown>) {
  const health = probeHealth(server);
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const answers = await health.stop();
  const ms = answers.map((a) => a.ms);
  return {
    seconds: round(seconds, 1),
    healthz: {
      asked: answers.length,
      notOk: answers.filter((a) => a.status !== 200).length,
      p50Ms: round(quantile(ms, 0.5), 1),
      p99Ms: round(quantile(ms, 0.99), 1),
      maxMs: round(Math.max(...ms), 1),
    },
  };
}

try {
  await sleep(2000);
  const memoryBefore = rssMiB();
  let peak = memoryBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 100);

  const call = await callAwaitingSignature(server, sockets);
  // Ten rounds: each sends the signature and three photos (past ten a minute, photos meet the upload limit first).
  const refusals = new Map<string, number>();
  const count = (code: unknown) => refusals.set(String(code), (refusals.get(String(code)) ?? 0) + 1);
  const bombs = await whileProbing(async () => {
    for (let round = 0; round < BOMB_ROUNDS; round++) {
      const sent = await sendBombs(server, call);
      count((sent.signature as { error?: { code?: string } }).error?.code);
      for (const photo of sent.photos) count(photo.code);
    }
  });

  const teller = (await login(server, 'teller1')).token;
  const messages = malformedSocketMessages({ callId: call.callId, ticketId: call.customerCall.ticketId });
  let fuzzed = 0;
  const fuzz = await whileProbing(async () => {
    for (const auth of [{ ticketToken: call.ticketToken }, { token: teller }] as Record<string, string>[]) {
      fuzzed += (await fuzzSockets(() => connect(server, auth), messages)).length;
    }
    const rest = badRestRequests([{}, { authorization: `Bearer ${teller}` }]);
    for (let i = 0; i < rest.length; i += 20) {
      await Promise.all(rest.slice(i, i + 20).map((r) => sendBadRequest(server, r)));
    }
    fuzzed += rest.length;
  });

  const supervisor = await connect(server, { token: (await login(server, 'supervisor1')).token });
  const customer = await connect(server, { ticketToken: call.ticketToken });
  sockets.push(supervisor, customer);
  const floods = await whileProbing(async () => {
    for (let second = 0; second < 10; second++) {
      for (let i = 0; i < 1000; i++) {
        supervisor.emit('supervisor:board', {}, () => undefined);
        customer.emit('ticket:status', {}, () => undefined);
      }
      await sleep(1000);
    }
  });

  const waiting = await createTicket(server, { idType: 'passport', idNumber: 'BENCH-SLOW' });
  const reader = await connect(server, { ticketToken: waiting.ticketToken });
  sockets.push(reader);
  stopReading(reader);
  const cutOff = () => server.output().includes('socket not reading: cut off');
  let flooded = 0;
  const slowReader = await whileProbing(async () => {
    for (let second = 0; second < 120 && !cutOff(); second++) {
      for (let i = 0; i < 5000; i++) reader.emit('ticket:status', {}, () => undefined);
      flooded += 5000;
      await sleep(1000);
    }
  });
  const wasCutOff = cutOff();
  await sleep(3000);
  clearInterval(sampler);
  const memoryAfter = rssMiB();

  const result = {
    bombs: { ...bombs, refusals: Object.fromEntries(refusals) },
    fuzz: { ...fuzz, requests: fuzzed },
    floods: { ...floods, requestsPerSecond: 2000 },
    slowReader: { ...slowReader, requestsSent: flooded, cutOff: wasCutOff },
    serverRssMiB: {
      before: round(memoryBefore, 1),
      peak: round(peak, 1),
      afterCutOff: round(memoryAfter, 1),
    },
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync(path.join(here, 'results'), { recursive: true });
  fs.writeFileSync(path.join(here, 'results', 'abuse.json'), JSON.stringify(result, null, 2) + '\n');
  await request(call.teller, 'call:hangUp', { callId: call.callId });
} finally {
  for (const socket of sockets) socket.close();
  await kill(server, 'SIGTERM');
}
