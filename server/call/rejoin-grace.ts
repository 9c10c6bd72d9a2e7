import type { Logger } from 'pino';
import { KeyedTimers } from '../platform/timers/keyed-timers.js';
import { appendCallEvent, type ActiveCall } from './active-call.js';
import type { CallBus } from './call-bus.js';
import type { TimelineStore } from './timeline-store.js';

export interface RejoinGraceDeps {
  events: TimelineStore;
  bus: CallBus;
  clock: () => number;
  graceMs: number;
  logger: Logger;
}

/**
 * A side of a call whose page dropped out may come back for a while: the call
 * waits for it for the grace period, then whoever dropped it decides (the
 * customer's call ends; a teller's desk closes with it).
 */
export class RejoinGrace {
  /** By call and participant key. */
  readonly #timers = new KeyedTimers();

  constructor(private readonly deps: RejoinGraceDeps) {}

  /**
   * A side of a call lost its last page. Its media goes at once (a returning
   * page builds new media); `onGone` runs if it is not back within the grace period.
   */
  dropped(call: ActiveCall, participantKey: string, actor: string, onGone: () => void): void {
    call.room.closeParticipant(participantKey);
    this.#event(call, actor, 'call.participant.left', participantKey);
    this.deps.bus.emit('peerConnection', call.callId, participantKey, false);
    this.#timers.start(`${call.callId}/${participantKey}`, this.deps.graceMs, onGone);
  }

  /** A page of a call's side connected: whatever media an earlier page of it left is dropped. */
  connected(call: ActiveCall, participantKey: string, actor: string): void {
    call.room.closeParticipant(participantKey);
    if (!this.#timers.cancel(`${call.callId}/${participantKey}`)) return;
    this.#event(call, actor, 'call.participant.rejoined', participantKey);
    this.deps.bus.emit('peerConnection', call.callId, participantKey, true);
  }

  /** Server shutdown: nobody is waited for any more. */
  stop(): void {
    this.#timers.clear();
  }

  #event(
    call: ActiveCall,
    actor: string,
    type: 'call.participant.left' | 'call.participant.rejoined',
    participant: string,
  ): void {
    // The media and the grace period do not wait for the timeline: a note that cannot be stored is logged.
    appendCallEvent(this.deps.events, this.deps.clock(), call, actor, type, { participant }).catch(
      (error: unknown) =>
        this.deps.logger.error(
          { err: error, callId: call.callId, type },
          'could not note a page leaving or back',
        ),
    );
  }
}
