/**
 * npm run bench:queue — the routing engine's decision time at 10,000 waiting
 * tickets and 1,000 tellers, and the fan-out of new positions to 2,000
 * connected customers after one dequeue. Prints JSON and writes it to
 * bench/results/queue.json.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTicket } from '../test/support/clients.js';
import { startTestServer } from '../test/support/test-server.js';
import { benchEngine } from './queue-engine.js';
import { round, wallClockMs } from './stats.js';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 2000);
const JOIN_BATCH = 20;
const here = path.dirname(fileURLToPath(import.meta.url));

async function benchFanOut(): Promise<Record<string, number>> {
  // Joining thousands takes a while; nobody may count as abandoned before their client connects.
  const server = await startTestServer({
    SKYTELLER_LOG_LEVEL: 'silent',
    SKYTELLER_ABANDON_GRACE_SECONDS: '3600',
  });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-bench-'));
  try {
    const tokens: string[] = [];
    const ids: string[] = [];
    const joinStart = wallClockMs();
    for (let i = 0; i < CUSTOMERS; i += JOIN_BATCH) {
      const batch = Array.from({ length: Math.min(JOIN_BATCH, CUSTOMERS - i) }, (_, j) =>
        createTicket(server, { idType: 'passport', idNumber: `B${i + j}` }),
      );
      for (const { ticketToken, ticket } of await Promise.all(batch)) {
        tokens.push(ticketToken);
        ids.push(ticket.ticketId);
      }
    }
    console.error(`${CUSTOMERS} joined in ${Math.round(wallClockMs() - joinStart)} ms`);
    fs.writeFileSync(path.join(work, 'ca.pem'), server.ca);
    fs.writeFileSync(path.join(work, 'tokens.json'), JSON.stringify(tokens));
    const clients = fork(
      path.join(here, 'queue-clients.ts'),
      [server.url, path.join(work, 'ca.pem'), path.join(work, 'tokens.json')],
      { execArgv: ['--import', 'tsx'] },
    );
    const next = (type: string): Promise<{ at: number }> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the clients sent no ${type} within 2 minutes`)),
          120_000,
        );
        const listener = (m: { type: string; at: number }): void => {
          if (m.type !== type) return;
          clearTimeout(timer);
          clients.off('message', listener);
          resolve(m);
        };
        clients.on('message', listener);
      });
    const connectStart = wallClockMs();
    await next('ready');
    console.error(`${CUSTOMERS} clients connected`);
    const connectMs = wallClockMs() - connectStart;
    clients.send({ type: 'expect', expect: CUSTOMERS - 1 });
    await next('armed');
    const updated = next('all-updated');
    const start = wallClockMs();
    await server.queue.customers.leave(ids[0]!);
    const { at } = await updated;
    clients.disconnect();
    return {
      customers: CUSTOMERS,
      connectAllMs: Math.round(connectMs),
      allUpdatedAfterDequeueMs: round(at - start, 1),
    };
  } finally {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const engine = benchEngine();
console.error('engine', engine);
const fanOut = await benchFanOut();
const result = { engine, fanOut, machine: { cpus: os.cpus().length, node: process.version } };
console.log(JSON.stringify(result, null, 2));
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'queue.json'), JSON.stringify(result, null, 2) + '\n');
process.exit(0);
