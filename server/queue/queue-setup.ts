import { DIALECT_IDS, MANDARIN } from '../../shared/catalog/languages.js';
import type { TellerStateView } from '../../shared/contracts/socket-events.js';
import type { CallFeature, CallStore, CallSummary, TimelineStore } from '../call/index.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import type { QueueConfig } from '../platform/config.js';
import { CallOutcomes } from './call-outcomes.js';
import { LeaderLink, queueNoticeSchema } from './leader-link.js';
import { Line } from './line.js';
import { OfferAcceptance } from './offer-acceptance.js';
import type { OfferStore } from './offer-store.js';
import { Offers } from './offers.js';
import { QueueBus } from './queue-bus.js';
import { QueueDraining } from './queue-draining.js';
import { QueueLeadership } from './queue-leadership.js';
import { QueuePositions } from './queue-positions.js';
import { QueueTurns } from './queue-turns.js';
import { RemoteTellers } from './remote-tellers.js';
import { RoutingEngine } from './rules/routing-engine.js';
import type { RoutingTicket } from './rules/routing-types.js';
import { WaitEstimator } from './rules/wait-estimate.js';
import { TellerPresence, type PresentTeller } from './teller-presence.js';
import type { TellerStore } from './teller-store.js';
import { TellerStates } from './teller-states.js';
import { TellersAtWork } from './tellers-at-work.js';
import type { TicketStore } from './ticket-store.js';
import type { VipStore } from './vip-store.js';
import { WaitingCustomers } from './waiting-customers.js';
import type { WrapUpStore } from './wrap-up-store.js';
import { WrapUps } from './wrap-ups.js';

/** How many finished calls seed the wait estimate after a restart. */
const HANDLE_TIMES_ON_START = 200;

/** The live picture of the counter, for the supervisor's board and the metrics. */
export interface QueueSnapshot {
  tickets: RoutingTicket[];
  tellers: (PresentTeller & { state: TellerStateView['status'] })[];
  calls: CallSummary[];
}

/** The queue side of the counter: its units share one routing engine and one bus. */
export interface QueueFeature {
  /** What the queue tells the rest of the server; the composition subscribes. */
  bus: QueueBus;
  /** The queue's changes, one at a time (queue-turns.ts); a request that reads the queue waits its turn too. */
  turns: QueueTurns;
  line: Line;
  presence: TellerPresence;
  customers: WaitingCustomers;
  tellers: TellersAtWork;
  offers: Offers;
  /** The tellers' wrap-ups after their calls. */
  wrapUps: WrapUps;
  acceptance: OfferAcceptance;
  positions: QueuePositions;
  states: TellerStates;
  /** The queue's part in the calls' news. */
  outcomes: CallOutcomes;
  snapshot(): QueueSnapshot;
  /** Whether this node decides offers, and its fencing epoch (README, "Queue leader"). */
  leadership: QueueLeadership;
  /** On start: the wait estimate learns the handle times of the last calls. */
  seedWaitEstimate(): Promise<void>;
  /**
   * This node was elected queue leader under `epoch` (on SQLite: at start, after the calls a
   * previous process left open are ended): the engine and the line are rebuilt from the store,
   * whatever this node knew before (open offers withdrawn, offered customers waiting again, in
   * join order), the tellers at work here are routed again, and offers are made. Returns how
   * many customers are in line.
   */
  lead(epoch: number): Promise<number>;
  /**
   * This node was deposed: it makes no more offers, its offer alarm is disarmed at once, and its
   * line is dropped (the leader's is the line; this node's next election rebuilds it).
   */
  follow(): void;
  /**
   * This node is stopping (SIGTERM; README, "Deployment"): it follows from now on and for good, and
   * the leader hears its tellers are gone from routing (they keep their desks here until their pages
   * move; an acceptance here is refused). Resolves once the leader has been told.
   */
  drain(): Promise<void>;
  /** Whether drain() was called. */
  readonly draining: boolean;
  /** How the queue tells the leader what changed on this node; the composition connects it. */
  link: LeaderLink;
  /**
   * A notice another node sent (leader-link.ts): the leader follows it; a node that does not lead,
   * or a notice that is not one, changes nothing. Runs in a queue turn; a failure goes to onError.
   */
  heard(body: unknown): void;
  /** Server shutdown: timers stop; the disconnections that follow change nothing. */
  stop(): void;
}

export interface QueueDeps {
  store: {
    db: Kysely<Schema>;
    tickets: TicketStore;
    tellers: TellerStore;
    offers: OfferStore;
    vip: VipStore;
    wrapUps: WrapUpStore;
    events: TimelineStore;
    /** Finished calls' lengths, to seed the wait estimate. */
    calls: CallStore;
  };
  calls: CallFeature;
  config: QueueConfig;
  clock: () => number;
  /** Hears of a queue change that failed where nobody awaited it (a timer, a page going away). */
  onError?: (error: unknown) => void;
}

export function createQueue({ store, calls, config, clock, onError }: QueueDeps): QueueFeature {
  const engine = new RoutingEngine({
    boostMs: { elderly: config.elderlyBoostMs, vip: config.vipBoostMs, normal: 0 },
    dialects: new Set(DIALECT_IDS),
    mandarin: MANDARIN,
    mandarinFallbackAfterMs: config.mandarinFallbackAfterMs,
    offerTimeoutMs: config.offerTimeoutMs,
  });
  const bus = new QueueBus();
  const turns = new QueueTurns(
    onError ??
      ((error) => {
        throw error;
      }),
  );
  const line = new Line(engine);
  const leadership = new QueueLeadership();
  const draining = new QueueDraining();
  const link = new LeaderLink();
  const presence = new TellerPresence(store.tellers, clock);
  const offers = new Offers({
    engine,
    store,
    presence,
    registry: calls.registry,
    bus,
    turns,
    leadership,
    link,
    draining,
    clock,
  });
  const positions = new QueuePositions(
    engine,
    new WaitEstimator(config.defaultHandleMs),
    presence,
    line,
    clock,
  );
  const customers = new WaitingCustomers({
    store,
    line,
    offers,
    positions,
    calls,
    bus,
    turns,
    leadership,
    link,
    clock,
    abandonGraceMs: config.abandonGraceMs,
  });
  const wrapUps = new WrapUps({
    presence,
    offers,
    bus,
    store: store.wrapUps,
    turns,
    limitMs: config.wrapUpMs,
    outcomes: config.wrapUpOutcomes,
    clock,
  });
  const tellers = new TellersAtWork({ presence, offers, calls, bus, wrapUps, turns, draining, clock });
  const states = new TellerStates({ engine, line, presence, offers, wrapUps, calls, clock });
  /** A reload of the line from the store waits for its turn (`heard`). */
  let reloadAsked = false;
  const remoteTellers = new RemoteTellers({
    presence,
    offers,
    customers,
    bus,
    turns,
    leadership,
    link,
    clock,
  });
  /**
   * Deposed (or draining): no more offers, the alarm disarmed at once. The line is the leader's: this
   * node's copy is dropped (in a turn: one may be running), and the leader hears of this node's
   * tellers (in case its question came before this node knew).
   */
  const follow = (): Promise<void> => {
    leadership.follow();
    offers.disarm();
    return turns.later(async () => {
      line.clear();
      presence.dropRemote();
      for (const tellerId of presence.localIds()) await offers.syncTeller(tellerId);
    });
  };
  return {
    bus,
    turns,
    line,
    presence,
    customers,
    tellers,
    offers,
    wrapUps,
    acceptance: new OfferAcceptance({
      tickets: store.tickets,
      line,
      presence,
      offers,
      customers,
      tellers,
      calls,
      bus,
      turns,
      leadership,
      link,
      draining,
      clock,
    }),
    positions,
    states,
    outcomes: new CallOutcomes(line, offers, positions, tellers, wrapUps, turns),
    snapshot: () => ({
      tickets: line.waitingTickets(),
      tellers: states.all(),
      calls: calls.registry.summaries(),
    }),
    leadership,
    seedWaitEstimate: async () => {
      const recent = await store.calls.recentHandleTimes(HANDLE_TIMES_ON_START);
      for (const call of recent.reverse()) positions.addHandleTime(call.serviceId, call.ms);
    },
    lead: (epoch) =>
      turns.run(async () => {
        leadership.lead(epoch);
        line.clear();
        presence.dropRemote();
        const requeued = await customers.restore();
        for (const present of presence.all()) engine.setTeller(presence.routingTeller(present));
        await offers.dispatch();
        // The customers' positions and the tellers' states as this leader has them now.
        if (requeued > 0) bus.emit('queueChanged');
        for (const tellerId of presence.ids()) bus.emit('tellerChanged', tellerId);
        // The tellers whose pages are on the other nodes come back as those nodes answer.
        remoteTellers.askAll();
        return requeued;
      }),
    follow: () => void follow().catch((error: unknown) => turns.report(error)),
    drain: () => {
      draining.start();
      // Its tellers' snapshots say "gone" from now on (Offers.syncTeller), so following tells the leader.
      return follow();
    },
    get draining() {
      return draining.on;
    },
    link,
    heard: (body) => {
      const notice = queueNoticeSchema.safeParse(body);
      if (!notice.success) return;
      const { data } = notice;
      if (data.kind === 'line') {
        // A reload reads the whole line back: one per notice fell behind by minutes with
        // thousands waiting and joins on every node. A notice that comes while a reload waits
        // for its turn is answered by that reload, which reads the store after it was written.
        if (reloadAsked) return;
        reloadAsked = true;
        turns.background(() => {
          reloadAsked = false;
          return customers.heard(data);
        });
        return;
      }
      turns.background(() =>
        data.kind === 'pageCame' || data.kind === 'pageGone' || data.kind === 'putBack'
          ? customers.heard(data)
          : remoteTellers.heard(data),
      );
    },
    stop: () => {
      offers.stop();
      wrapUps.stop();
      customers.stop();
      tellers.stop();
      remoteTellers.stop();
    },
  };
}
