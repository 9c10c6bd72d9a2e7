import { EventEmitter } from 'node:events';
import { SERVICE_IDS } from '../../shared/catalog/services.js';
import type { SupervisorBoard } from '../../shared/contracts/supervisor.js';
import { PRIORITY_CLASSES, type PriorityClass } from '../../shared/domain/priority.js';
import { dayStatistics, dayTimeline } from './rules/day-statistics.js';
import type { DayStatsStore } from './day-stats-store.js';

const SLOT_MS = 15 * 60_000;
/** Boards are rebuilt at most this often however busy the counter is. */
const MIN_INTERVAL_MS = 1000;

export interface SupervisorBoardSource {
  build(): Promise<SupervisorBoard>;
}

/** The counter as it is now: the line, the tellers at work and the calls in progress. */
export interface LiveCounter {
  tickets: { serviceId: string; priority: PriorityClass; joinedAt: number }[];
  tellers: {
    tellerId: string;
    displayName: string;
    state: SupervisorBoard['now']['tellers'][number]['status'];
    awayReason: string | null;
    skills: ReadonlySet<string>;
    languages: ReadonlySet<string>;
    since: number;
  }[];
  calls: SupervisorBoard['now']['calls'];
}

/** Builds the supervisor's board and announces a fresh one after changes, throttled. */
export class SupervisorBoardPublisher
  extends EventEmitter<{ board: [SupervisorBoard] }>
  implements SupervisorBoardSource
{
  #timer: NodeJS.Timeout | undefined;
  #lastAt = 0;
  /** Set by whoever delivers the boards, so nothing is built while no supervisor watches. */
  hasAudience: () => boolean = () => true;

  constructor(
    /** This node's line, tellers and calls, as they are now. */
    private readonly live: () => LiveCounter,
    /** The calls the other nodes hold, from the shared store (none on one node). */
    private readonly callsElsewhere: () => Promise<LiveCounter['calls']>,
    private readonly dayStats: DayStatsStore,
    private readonly serviceLevelMs: number,
    private readonly clock: () => number,
    /** Hears of a board that could not be built for the supervisors watching. */
    private readonly onError: (error: unknown) => void,
  ) {
    super();
  }

  async build(): Promise<SupervisorBoard> {
    const now = this.clock();
    // The live picture first, as it is now: the day's figures are read after it.
    const snapshot = this.live();
    const dayStart = new Date(now).setHours(0, 0, 0, 0);
    const [elsewhere, tickets, offers, calls, satisfaction] = await Promise.all([
      this.callsElsewhere(),
      this.dayStats.ticketsSince(dayStart),
      this.dayStats.offersSince(dayStart),
      this.dayStats.callsSince(dayStart),
      this.dayStats.satisfactionSince(dayStart),
    ]);
    const byService = new Map<string, Record<PriorityClass, number>>();
    for (const t of snapshot.tickets) {
      let counts = byService.get(t.serviceId);
      if (!counts) {
        counts = Object.fromEntries(PRIORITY_CLASSES.map((p) => [p, 0])) as Record<PriorityClass, number>;
        byService.set(t.serviceId, counts);
      }
      counts[t.priority]++;
    }
    const oldest = Math.min(...snapshot.tickets.map((t) => t.joinedAt));
    return {
      at: now,
      now: {
        waiting: snapshot.tickets.length,
        waitingByService: SERVICE_IDS.filter((id) => byService.has(id)).map((serviceId) => ({
          serviceId,
          byPriority: byService.get(serviceId)!,
        })),
        oldestWaitMs: snapshot.tickets.length ? now - oldest : null,
        tellers: snapshot.tellers.map((t) => ({
          tellerId: t.tellerId,
          displayName: t.displayName,
          status: t.state,
          awayReason: t.state === 'away' ? t.awayReason : null,
          skills: [...t.skills],
          languages: [...t.languages],
          sinceMs: now - t.since,
        })),
        calls: [...snapshot.calls, ...elsewhere].sort((a, b) => a.startedAt - b.startedAt),
      },
      today: {
        ...dayStatistics({
          tickets,
          calls,
          offered: offers.offered,
          offersExpired: offers.expired,
          serviceLevelMs: this.serviceLevelMs,
        }),
        satisfaction,
      },
      timeline: dayTimeline(tickets, dayStart, now, SLOT_MS),
    };
  }

  close(): void {
    clearTimeout(this.#timer);
    this.removeAllListeners();
  }

  /** The counter changed: a fresh board follows, throttled, while a supervisor watches. */
  changed(): void {
    if (this.#timer || !this.hasAudience()) return;
    const wait = Math.max(0, this.#lastAt + MIN_INTERVAL_MS - this.clock());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#lastAt = this.clock();
      this.build().then((board) => this.emit('board', board), this.onError);
    }, wait);
    this.#timer.unref();
  }
}
