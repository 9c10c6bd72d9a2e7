/**
 * The customers and tellers of `npm run bench:cluster`, in their own process:
 * real socket.io clients through haproxy's public origin, each with its own
 * cookie jar (test/support/lb-browser.ts). Told what to do by the parent
 * (bench/cluster.ts) over IPC, it answers with what it measured, on the
 * machine's wall clock (bench/stats.ts) so the parent's kill time compares.
 */
import fs from 'node:fs';
import { request } from '../test/support/clients.js';
import { ClusterCustomer } from '../test/support/cluster-customer.js';
import { tellerThroughLb } from '../test/support/local-cluster.js';
import { ClusterLine } from './cluster-line.js';
import { quantile, round, wallClockMs } from './stats.js';

const [url, caFile, password] = process.argv.slice(2) as [string, string, string];
const lb = { url, ca: fs.readFileSync(caFile, 'utf8') };
const send = (message: object): void => void process.send!(message);
const line = new ClusterLine();

/** A customer's own address (10.x.y.z), so each has its own rate limits as behind a carrier. */
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

const ms = (values: number[]) => ({
  p50: round(quantile(values, 0.5), 1),
  p95: round(quantile(values, 0.95), 1),
  max: round(Math.max(...values), 1),
});

/** `count` customers join, `concurrency` at a time: each its ticket, then its page until it knows its place. */
async function join(count: number, concurrency: number) {
  const ticketMs: number[] = [];
  const placedMs: number[] = [];
  const doneAt: number[] = [];
  let next = line.customers.length;
  const end = next + count;
  const start = wallClockMs();
  const worker = async () => {
    while (next < end) {
      const i = next++;
      const t0 = wallClockMs();
      const customer = await ClusterCustomer.join(
        lb,
        addressOf(i + 1),
        { idType: 'passport', idNumber: `C${i + 1}` },
        wallClockMs,
      );
      const t1 = wallClockMs();
      await customer.placed(120_000);
      line.add(customer);
      ticketMs.push(t1 - t0);
      placedMs.push(customer.placedAt! - t0);
      doneAt.push(customer.placedAt!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (wallClockMs() - start) / 1000;
  // The rate in each quarter of the run: does it hold up as the line grows?
  doneAt.sort((a, b) => a - b);
  const quarter = Math.floor(doneAt.length / 4);
  const quarters = [0, 1, 2, 3].map((q) => {
    const from = q === 0 ? start : doneAt[q * quarter - 1]!;
    const to = doneAt[q === 3 ? doneAt.length - 1 : (q + 1) * quarter - 1]!;
    return round((q === 3 ? doneAt.length - 3 * quarter : quarter) / ((to - from) / 1000), 1);
  });
  return {
    joins: count,
    concurrency,
    seconds: round(seconds, 1),
    joinsPerSecond: round(count / seconds, 1),
    joinsPerSecondByQuarter: quarters,
    ticketRequestMs: ms(ticketMs),
    ticketToPlacedMs: ms(placedMs),
    ...line.census(),
  };
}

/** Time from `change` being sent to the last waiting customer behind the head learning its new place. */
async function fanOut(change: () => Promise<unknown>) {
  await line.settled();
  const expecting = line.behindHead();
  const start = wallClockMs();
  const last = line.expectMovedUp(expecting, 60_000);
  await change();
  const lastAt = await last;
  return { updated: expecting.length, allUpdatedMs: round(lastAt - start, 1) };
}

let tellers = 0;
/** A teller signs in through haproxy, is offered the head, and accepts: everyone behind moves up. */
async function acceptRound(username: string) {
  const teller = await tellerThroughLb(lb, { username, password }, `198.51.100.${++tellers}`);
  const head = line.head();
  for (let tries = 0; ; tries++) {
    const state = await request(teller.socket, 'teller:state', {});
    if (state.offer?.ticketId === head.ticketId) break;
    if (tries > 300) throw new Error(`${username} was not offered the head`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The offer and the new staffing move everyone's estimate: let those pushes land first.
  await line.quiet(1000);
  const measured = await fanOut(() => request(teller.socket, 'offer:accept', { ticketId: head.ticketId }));
  line.served(head);
  return { ...measured, teller: username, tellerNode: teller.browser.nodeId };
}

async function leaveRound() {
  const head = line.head();
  const result = await fanOut(() => request(head.socket, 'queue:leave', {}));
  line.served(head);
  head.close();
  return result;
}

process.on('message', (message: { type: string; [key: string]: unknown }) => {
  const answer = async (): Promise<object> => {
    switch (message.type) {
      case 'join':
        return join(message.count as number, message.concurrency as number);
      case 'leave':
        return leaveRound();
      case 'accept':
        return acceptRound(message.username as string);
      case 'arm-kill':
        return line.armKill(message.nodeId as string);
      case 'killed':
        return line.recovered(message.at as number, 90_000);
      case 'census':
        return line.census();
      default:
        throw new Error(`unknown order ${message.type}`);
    }
  };
  answer().then(
    (result) => send({ type: message.type, result }),
    (error: unknown) => send({ type: message.type, error: String((error as Error).stack ?? error) }),
  );
});
process.on('disconnect', () => {
  line.closeAll();
  process.exit(0);
});
send({ type: 'ready' });
