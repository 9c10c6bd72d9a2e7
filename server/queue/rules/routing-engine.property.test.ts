import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canServe, rankOf } from './eligibility.js';
import { RoutingEngine } from './routing-engine.js';
import type { Offer, PriorityClass, RoutingTeller, RoutingTicket } from './routing-types.js';
import { testPolicy } from './test-fixtures.js';

const SERVICES = ['loan', 'claims'];
const LANGUAGES = ['cmn', 'yue', 'en'];
const TELLERS = ['t0', 't1', 't2', 't3', 't4'];

type Step =
  | { op: 'ticket'; serviceId: string; language: string; priority: PriorityClass; fallback: boolean }
  | { op: 'transfer'; serviceId: string; language: string; from: number; to: number | null }
  | { op: 'teller'; who: number; skills: string[]; languages: string[]; available: boolean }
  | { op: 'leave'; who: number }
  | { op: 'accept' | 'decline'; who: number }
  | { op: 'remove'; which: number }
  | { op: 'wait'; ms: number };

const subset = (items: string[]) => fc.subarray(items, { minLength: 1 });
const who = fc.nat(TELLERS.length - 1);

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('ticket' as const),
    serviceId: fc.constantFrom(...SERVICES),
    language: fc.constantFrom(...LANGUAGES),
    priority: fc.constantFrom<PriorityClass>('elderly', 'vip', 'normal'),
    fallback: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('transfer' as const),
    serviceId: fc.constantFrom(...SERVICES),
    language: fc.constantFrom(...LANGUAGES),
    from: who,
    to: fc.option(who, { nil: null }),
  }),
  fc.record({
    op: fc.constant('teller' as const),
    who,
    skills: subset(SERVICES),
    languages: subset(LANGUAGES),
    available: fc.boolean(),
  }),
  fc.record({ op: fc.constant('leave' as const), who }),
  fc.record({ op: fc.constantFrom('accept' as const, 'decline' as const), who }),
  fc.record({ op: fc.constant('remove' as const), which: fc.nat(50) }),
  fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 4 * 60_000 }) }),
);

/** Plays a scenario, calling `check` after every dispatch with what the engine offered. */
function play(steps: Step[], check: (engine: RoutingEngine, offers: Offer[], now: number) => void): void {
  const engine = new RoutingEngine(testPolicy);
  let now = 1_000_000;
  let next = 0;
  const ids: string[] = [];
  for (const s of steps) {
    now += 1;
    switch (s.op) {
      case 'ticket':
      case 'transfer': {
        const ticket: RoutingTicket = {
          ticketId: `k${next++}`,
          serviceId: s.serviceId,
          language: s.language,
          priority: s.op === 'ticket' ? s.priority : 'normal',
          joinedAt: now,
          joinSeq: next,
          mandarinFallback: s.op === 'ticket' && s.fallback,
          ...(s.op === 'transfer' && {
            transfer: {
              fromTellerId: TELLERS[s.from]!,
              requestedAt: now,
              ...(s.to !== null && { tellerId: TELLERS[s.to]! }),
            },
          }),
        };
        engine.addTicket(ticket);
        ids.push(ticket.ticketId);
        break;
      }
      case 'teller':
        engine.setTeller({
          tellerId: TELLERS[s.who]!,
          skills: new Set(s.skills),
          languages: new Set(s.languages),
          available: s.available,
          idleSince: now - s.skills.length * 7,
        });
        break;
      case 'leave':
        engine.removeTeller(TELLERS[s.who]!);
        break;
      case 'accept':
      case 'decline': {
        const offer = engine.offerOfTeller(TELLERS[s.who]!);
        if (!offer) break;
        if (s.op === 'accept') engine.accept(offer.tellerId, offer.ticketId);
        else engine.decline(offer.tellerId, offer.ticketId, now);
        break;
      }
      case 'remove':
        if (ids.length) engine.removeTicket(ids[s.which % ids.length]!);
        break;
      case 'wait':
        now += s.ms;
        engine.expire(now);
        break;
    }
    const freeBefore = freeTellers(engine);
    const offers = engine.dispatch(now);
    check(engine, offers, now);
    checkLongestIdle(engine, offers, freeBefore, now);
  }
}

function freeTellers(engine: RoutingEngine): RoutingTeller[] {
  return [...engine.tellers()].filter((t) => t.available && !engine.offerOfTeller(t.tellerId));
}

/** Each offer of a dispatch went to the longest idle eligible teller still free at that point. */
function checkLongestIdle(engine: RoutingEngine, offers: Offer[], free: RoutingTeller[], now: number): void {
  const remaining = new Map(free.map((t) => [t.tellerId, t]));
  for (const offer of offers) {
    const ticket = engine.ticket(offer.ticketId)!;
    const eligible = [...remaining.values()].filter((t) => canServe(t, ticket, testPolicy, now));
    const longest = Math.min(...eligible.map((t) => t.idleSince));
    expect(remaining.get(offer.tellerId)!.idleSince).toBe(longest);
    remaining.delete(offer.tellerId);
  }
}

const runs = { numRuns: 300 };
const scenario = fc.array(step, { minLength: 1, maxLength: 60 });

describe('RoutingEngine properties', () => {
  it('never offers a ticket to a teller who may not serve it or is not available', () => {
    fc.assert(
      fc.property(scenario, (steps) =>
        play(steps, (engine, offers, now) => {
          for (const offer of offers) {
            const teller = engine.teller(offer.tellerId)!;
            expect(teller.available).toBe(true);
            expect(canServe(teller, engine.ticket(offer.ticketId)!, testPolicy, now)).toBe(true);
          }
        }),
      ),
      runs,
    );
  });

  it('never holds two offers of one ticket, nor two offers for one teller', () => {
    fc.assert(
      fc.property(scenario, (steps) =>
        play(steps, (engine) => {
          const tickets = [...engine.tickets()].filter((t) => engine.offerOfTicket(t.ticketId));
          const tellers = tickets.map((t) => engine.offerOfTicket(t.ticketId)!.tellerId);
          expect(new Set(tellers).size).toBe(tellers.length);
          for (const t of tickets) {
            expect(engine.offerOfTeller(engine.offerOfTicket(t.ticketId)!.tellerId)?.ticketId).toBe(
              t.ticketId,
            );
          }
        }),
      ),
      runs,
    );
  });

  it('leaves no ticket unoffered while a free teller may serve it', () => {
    fc.assert(
      fc.property(scenario, (steps) =>
        play(steps, (engine, _offers, now) => {
          const free = freeTellers(engine);
          for (const ticket of engine.tickets()) {
            if (engine.offerOfTicket(ticket.ticketId)) continue;
            for (const teller of free) expect(canServe(teller, ticket, testPolicy, now)).toBe(false);
          }
        }),
      ),
      runs,
    );
  });

  it('offers in rank order: nothing left waiting that the offered teller could serve ranks ahead', () => {
    fc.assert(
      fc.property(scenario, (steps) =>
        play(steps, (engine, offers, now) => {
          for (const offer of offers) {
            const teller = engine.teller(offer.tellerId)!;
            const offeredRank = rankOf(engine.ticket(offer.ticketId)!, testPolicy);
            for (const other of engine.tickets()) {
              if (engine.offerOfTicket(other.ticketId)) continue;
              if (canServe(teller, other, testPolicy, now)) {
                expect(rankOf(other, testPolicy)).toBeGreaterThanOrEqual(offeredRank);
              }
            }
          }
        }),
      ),
      runs,
    );
  });

  it('ranks a higher class first and keeps FIFO within a class, within the ageing bound', () => {
    const arrival = fc.record({
      priority: fc.constantFrom<PriorityClass>('elderly', 'vip', 'normal'),
      gap: fc.integer({ min: 0, max: 20 * 60_000 }),
    });
    fc.assert(
      fc.property(fc.array(arrival, { minLength: 2, maxLength: 30 }), (arrivals) => {
        const engine = new RoutingEngine(testPolicy);
        let at = 0;
        const tickets = arrivals.map((a, i) => {
          at += a.gap;
          const t: RoutingTicket = {
            ticketId: `k${i}`,
            serviceId: 'loan',
            language: 'cmn',
            priority: a.priority,
            joinedAt: at,
            joinSeq: i,
            mandarinFallback: false,
          };
          engine.addTicket(t);
          return t;
        });
        const served: RoutingTicket[] = [];
        for (let i = 0; i < tickets.length; i++) {
          engine.setTeller({
            tellerId: 'solo',
            skills: new Set(['loan']),
            languages: new Set(['cmn']),
            available: true,
            idleSince: at + i,
          });
          const [offer] = engine.dispatch(at + i);
          served.push(engine.accept('solo', offer!.ticketId));
        }
        const boost = testPolicy.boostMs;
        served.forEach((first, i) => {
          for (const later of served.slice(i + 1)) {
            if (first.priority === later.priority) expect(first.joinedAt).toBeLessThanOrEqual(later.joinedAt);
            // Whoever was served first joined no later than the boost difference after the other.
            expect(first.joinedAt - later.joinedAt).toBeLessThanOrEqual(
              boost[first.priority] - boost[later.priority],
            );
          }
        });
      }),
      runs,
    );
  });

  it('ranks the same line alike whatever order it heard of the tickets in (a leader change rebuilds it)', () => {
    // Few distinct milliseconds and boosts that line up, so ties in rank and in joined time abound.
    const joined = fc.record({
      priority: fc.constantFrom<PriorityClass>('elderly', 'vip', 'normal'),
      at: fc.constantFrom(0, 5 * 60_000, 10 * 60_000),
    });
    const line = fc
      .array(joined, { minLength: 2, maxLength: 12 })
      .chain((arrivals) =>
        fc.tuple(
          fc.constant(arrivals),
          fc.shuffledSubarray([...arrivals.keys()], { minLength: arrivals.length }),
        ),
      );
    fc.assert(
      fc.property(line, ([arrivals, heard]) => {
        const tickets = arrivals.map(
          (a, i): RoutingTicket => ({
            ticketId: `k${(i * 7) % arrivals.length}-${i}`,
            serviceId: 'loan',
            language: 'cmn',
            priority: a.priority,
            joinedAt: a.at,
            joinSeq: i,
            mandarinFallback: false,
          }),
        );
        const servedOrder = (order: readonly number[]): string[] => {
          const engine = new RoutingEngine(testPolicy);
          for (const i of order) engine.addTicket(tickets[i]!);
          return tickets.map((_, n) => {
            engine.setTeller({ ...soloTeller, idleSince: n });
            const [offer] = engine.dispatch(20 * 60_000 + n);
            return engine.accept('solo', offer!.ticketId).ticketId;
          });
        };
        expect(servedOrder(heard)).toEqual(servedOrder([...tickets.keys()]));
      }),
      runs,
    );
  });
});

const soloTeller = {
  tellerId: 'solo',
  skills: new Set(['loan']),
  languages: new Set(['cmn']),
  available: true,
  idleSince: 0,
};
