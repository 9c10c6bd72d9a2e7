import type { WrapUpOutcome, WrapUpView } from '../../shared/contracts/wrap-up.js';
import { AppError } from '../platform/errors.js';
import { Alarm } from '../platform/timers/alarm.js';
import type { Offers } from './offers.js';
import type { QueueBus } from './queue-bus.js';
import type { PresentTeller, TellerPresence } from './teller-presence.js';
import type { WrapUpEnd, WrapUpStore } from './wrap-up-store.js';

export interface WrapUpsDeps {
  presence: TellerPresence;
  offers: Offers;
  bus: QueueBus;
  store: WrapUpStore;
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
  start(tellerId: string, callId: string, at: number): void {
    const present = this.deps.presence.get(tellerId);
    if (!present || present.pages === 0 || this.deps.limitMs === 0) return;
    if (present.wrapUp) this.#end(present, 'time_limit', null, '');
    present.wrapUp = { callId, startedAt: at, endsAt: at + this.deps.limitMs };
    const alarm = new Alarm(() => this.#end(present, 'time_limit', null, ''));
    this.#alarms.set(tellerId, alarm);
    alarm.at(present.wrapUp.endsAt, this.deps.clock());
  }

  /** The teller gives the call's outcome (and a note): the wrap-up ends. */
  finish(tellerId: string, callId: string, outcome: string, note: string): void {
    const present = this.deps.presence.require(tellerId);
    if (present.wrapUp?.callId !== callId) throw new AppError('invalid_state', 'no wrap-up of this call');
    if (!this.deps.outcomes.some((o) => o.code === outcome)) {
      throw new AppError('invalid_payload', `${outcome} is not one of the configured outcomes`);
    }
    this.#end(present, 'teller', outcome, note);
  }

  /** The teller went from work in its wrap-up: the wrap-up ends there, with no outcome. */
  left(tellerId: string): void {
    const present = this.deps.presence.get(tellerId);
    if (present?.wrapUp) this.#end(present, 'left', null, '', false);
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

  #end(present: PresentTeller, endedBy: WrapUpEnd, outcome: string | null, note: string, free = true): void {
    const { wrapUp } = present;
    if (!wrapUp) return;
    const now = this.deps.clock();
    this.#alarms.get(present.tellerId)?.cancel();
    this.#alarms.delete(present.tellerId);
    this.deps.store.insert({
      callId: wrapUp.callId,
      tellerId: present.tellerId,
      startedAt: wrapUp.startedAt,
      endedAt: now,
      outcome,
      note,
      endedBy,
    });
    present.wrapUp = null;
    if (!free) return;
    // Free from now: the longest idle gets the next offer, counted from the wrap-up's end.
    present.idleSince = now;
    present.since = now;
    this.deps.offers.syncTeller(present.tellerId);
    this.deps.bus.emit('tellerChanged', present.tellerId);
    this.deps.offers.dispatch();
  }
}
