import { SERVICE_IDS } from '../shared/catalog/services.js';
import { SERVICE_LANGUAGE_IDS } from '../shared/catalog/languages.js';
import type { PriorityClass } from '../shared/domain/priority.js';
import { RoutingEngine } from '../server/queue/rules/routing-engine.js';
import type { RoutingTicket } from '../server/queue/rules/routing-types.js';
import { quantile, round } from './stats.js';

const TICKETS = 10_000;
const TELLERS = 1_000;
const DECISIONS = 5_000;

/** A small deterministic generator, so runs are comparable. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/**
 * 10,000 waiting tickets and 1,000 busy tellers with random skills and
 * languages. Each decision: one teller becomes free and the engine picks its
 * offer; the teller takes the customer, and a new customer joins.
 */
export function benchEngine(): Record<string, number> {
  const rand = random(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const some = <T>(xs: readonly T[], n: number): Set<T> => new Set(Array.from({ length: n }, () => pick(xs)));
  const priorities: PriorityClass[] = ['elderly', 'vip', 'normal', 'normal', 'normal', 'normal'];
  const engine = new RoutingEngine({
    boostMs: { elderly: 600_000, vip: 300_000, normal: 0 },
    dialects: new Set(['yue', 'nan']),
    mandarin: 'cmn',
    mandarinFallbackAfterMs: 120_000,
    offerTimeoutMs: 15_000,
  });
  let now = 1_000_000_000;
  let serial = 0;
  const newTicket = (): RoutingTicket => ({
    ticketId: `t${serial++}`,
    serviceId: pick(SERVICE_IDS),
    language: pick(SERVICE_LANGUAGE_IDS),
    priority: pick(priorities),
    joinedAt: now - Math.floor(rand() * 1_800_000),
    joinSeq: serial,
    mandarinFallback: rand() < 0.5,
  });

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const tellers = Array.from({ length: TELLERS }, (_, i) => ({
    tellerId: `teller${i}`,
    skills: some(SERVICE_IDS, 1 + Math.floor(rand() * 5)),
    languages: some(SERVICE_LANGUAGE_IDS, 1 + Math.floor(rand() * 2)),
    available: false,
    idleSince: now,
  }));
  for (const t of tellers) engine.setTeller(t);
  for (let i = 0; i < TICKETS; i++) engine.addTicket(newTicket());
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;

  const times: number[] = [];
  let offers = 0;
  for (let i = 0; i < DECISIONS; i++) {
    now += 200;
    const teller = pick(tellers);
    const start = performance.now();
    engine.setTeller({ ...teller, available: true, idleSince: now });
    const [offer] = engine.dispatch(now);
    times.push(performance.now() - start);
    if (offer) {
      offers++;
      engine.accept(offer.tellerId, offer.ticketId);
      engine.addTicket(newTicket());
    } else {
      engine.setTeller({ ...teller, available: false });
    }
  }
  return {
    tickets: TICKETS,
    tellers: TELLERS,
    decisions: DECISIONS,
    offersMade: offers,
    decideP50Ms: round(quantile(times, 0.5), 4),
    decideP99Ms: round(quantile(times, 0.99), 4),
    decideMaxMs: round(Math.max(...times), 4),
    heapMiB: round((heapAfter - heapBefore) / 2 ** 20, 1),
  };
}
