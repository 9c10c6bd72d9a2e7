import type { WrapUpOutcome, WrapUpView } from '../../shared/contracts/wrap-up.js';
import { AppError } from '../platform/errors.js';
import { Alarm } from '../platform/timers/alarm.js';
import type { Offers } from './offers.js';
import type { QueueBus } from './queue-bus.js';
import type { QueueTurns } from './queue-turns.js';
import type { PresentTeller, TellerPresence } from './teller-presence.js';
import type { WrapUpEnd, WrapUpStore } from './wrap-up-store.js';

export interface WrapUpsDeps {
  presence: TellerPresence;
  offers: Offers;
  bus: QueueBus;
  store: WrapUpStore;
  turns: QueueTurns;
  /** 0: no wrap-up, the teller is free as soon as its call ends. */
  limitMs: number;
  outcomes: WrapUpOutcome[];
  clock: () => number;
}

/**
 * After its call ends a teller records the call's outcome before it is
 * offered the next customer: the wrap-up, ended by the teller or by the time
 * limit. The routing engine sees a teller in wrap-up as not available.
 */
export class WrapUps {
  readonly #alarms = new Map<string, Alarm>();

  constructor(private readonly deps: WrapUpsDeps) {}

  /** The teller's call ended at `at`: its wrap-up starts, unless wrap-up is off or the teller's page is gone. */
  async start(tellerId: string, callId: string, at: number): Promise<void> {
    const present = this.deps.presence.get(tellerId);
    if (!present || present.pages === 0 || this.deps.limitMs === 0) return;
    if (present.wrapUp) await this.#end(present, 'time_limit', null, '');
    const wrapUp = { callId, startedAt: at, endsAt: at + this.deps.limitMs };
    present.wrapUp = wrapUp;
    const alarm = new Alarm(() =>
      this.deps.turns.background(async () => {
        // Still this wrap-up: the teller may have ended it while the alarm waited for its turn.
        if (present.wrapUp === wrapUp) await this.#end(present, 'time_limit', null, '');
      }),
    );
    this.#alarms.set(tellerId, alarm);
    alarm.at(wrapUp.endsAt, this.deps.clock());
  }

  /** The teller gives the call's outcome (and a note): the wrap-up ends. */
  finish(tellerId: string, callId: string, outcome: string, note: string): Promise<void> {
    return this.deps.turns.run(async () => {
      const present = this.deps.presence.require(tellerId);
      if (present.wrapUp?.callId !== callId) throw new AppError('invalid_state', 'no wrap-up of this call');
      if (!this.deps.outcomes.some((o) => o.code === outcome)) {
        throw new AppError('invalid_payload', `${outcome} is not one of the configured outcomes`);
      }
      await this.#end(present, 'teller', outcome, note);
    });
  }

  /** The teller went from work in its wrap-up: the wrap-up ends there, with no outcome. */
  async left(tellerId: string): Promise<void> {
    const present = this.deps.presence.get(tellerId);
    if (present?.wrapUp) await this.#end(present, 'left', null, '', false);
  }

  view(present: PresentTeller): WrapUpView | null {
    const { wrapUp } = present;
    if (!wrapUp) return null;
    return {
      callId: wrapUp.callId,
      endsInMs: Math.max(0, wrapUp.endsAt - this.deps.clock()),
      limitMs: this.deps.limitMs,
      outcomes: this.deps.outcomes,
    };
  }

  stop(): void {
    for (const alarm of this.#alarms.values()) alarm.cancel();
    this.#alarms.clear();
  }

  /** Stored first: a wrap-up the store did not take goes on (its alarm ends it later). */
  async #end(
    present: PresentTeller,
    endedBy: WrapUpEnd,
    outcome: string | null,
    note: string,
    free = true,
  ): Promise<void> {
    const { wrapUp } = present;
    if (!wrapUp) return;
    const now = this.deps.clock();
    await this.deps.store.insert({
      callId: wrapUp.callId,
      tellerId: present.tellerId,
      startedAt: wrapUp.startedAt,
      endedAt: now,
      outcome,
      note,
      endedBy,
    });
    this.#alarms.get(present.tellerId)?.cancel();
    this.#alarms.delete(present.tellerId);
    present.wrapUp = null;
    if (!free) return;
    // Free from now: the longest idle gets the next offer, counted from the wrap-up's end.
    present.idleSince = now;
    present.since = now;
    await this.deps.offers.syncTeller(present.tellerId);
    this.deps.bus.emit('tellerChanged', present.tellerId);
    await this.deps.offers.dispatch();
  }
}
