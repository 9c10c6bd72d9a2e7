import type { StaffUser } from '../../shared/contracts/auth.js';
import { tellerKey, type CallFeature } from '../call/index.js';
import { AppError } from '../platform/errors.js';
import type { Offers } from './offers.js';
import type { QueueBus } from './queue-bus.js';
import type { QueueDraining } from './queue-draining.js';
import type { QueueTurns } from './queue-turns.js';
import type { PresentTeller, TellerPresence } from './teller-presence.js';
import type { TellerStatus } from './teller-store.js';
import type { WrapUps } from './wrap-ups.js';

export interface TellersAtWorkDeps {
  presence: TellerPresence;
  offers: Offers;
  calls: Pick<CallFeature, 'registry' | 'rejoin' | 'lifecycle'>;
  bus: QueueBus;
  wrapUps: WrapUps;
  turns: QueueTurns;
  draining: QueueDraining;
  clock: () => number;
}

/**
 * Tellers coming to work (a page opens), stepping away and back, freed by the
 * end of a call, and going (the last page closes). A teller in a call whose
 * page goes is the call's to wait for; its desk stays until then. Each change
 * is a queue turn (queue-turns.ts).
 */
export class TellersAtWork {
  #stopped = false;

  constructor(private readonly deps: TellersAtWorkDeps) {}

  connected(user: StaffUser): Promise<void> {
    return this.deps.turns.run(async () => {
      const { presence, offers, calls } = this.deps;
      const present = presence.get(user.id);
      if (present) {
        present.pages++;
        const call = calls.registry.ofTeller(user.id);
        if (call) calls.rejoin.connected(call, tellerKey(user.id), user.id);
        return;
      }
      const arrived = await presence.arrive(user);
      // Its call went on here after its node was lost: the teller is busy with it, and back.
      const call = calls.registry.ofTeller(user.id);
      if (call) {
        this.busy(arrived);
        calls.rejoin.connected(call, tellerKey(user.id), user.id);
      }
      await offers.syncTeller(user.id);
      await offers.dispatch();
    });
  }

  /** The last page of a teller going away: its offer goes to another, its call waits for it, it is away. */
  disconnected(tellerId: string): Promise<void> {
    return this.deps.turns.run(async () => {
      if (this.#stopped) return;
      const present = this.deps.presence.get(tellerId);
      if (!present) return;
      present.pages--;
      if (present.pages > 0) return;
      const { registry, rejoin, lifecycle } = this.deps.calls;
      const call = registry.ofTeller(tellerId);
      // In a call, the teller may come back to it; the desk stays until the grace period ends.
      if (!call) return this.deps.draining.on ? this.#moved(tellerId) : this.#gone(tellerId);
      rejoin.dropped(call, tellerKey(tellerId), tellerId, () =>
        this.deps.turns.background(async () => {
          // Away first, so the call's end does not make it available for an offer.
          await this.deps.presence.setStatus(present, 'away', 'disconnected');
          await lifecycle.end(call.callId, 'teller_disconnected');
          await this.#gone(tellerId);
        }),
      );
    });
  }

  setStatus(tellerId: string, status: TellerStatus): Promise<void> {
    return this.deps.turns.run(async () => {
      const present = this.deps.presence.require(tellerId);
      if (present.busy) throw new AppError('invalid_state', 'finish the call first');
      if (present.status === status && !present.awayReason) return;
      await this.deps.presence.setStatus(present, status, status === 'away' ? 'teller' : null);
      if (status === 'available') present.idleSince = this.deps.clock();
      await this.deps.offers.syncTeller(tellerId);
      this.deps.bus.emit('tellerChanged', tellerId);
      await this.deps.offers.dispatch();
    });
  }

  /**
   * An administrator changed the teller's services or languages: routing uses
   * them from now on (an offer the teller can no longer serve is withdrawn).
   */
  profileChanged(tellerId: string): Promise<void> {
    return this.deps.turns.run(async () => {
      const present = this.deps.presence.get(tellerId);
      if (!present) return;
      await this.deps.presence.reloadProfile(present);
      await this.deps.offers.syncTeller(tellerId);
      this.deps.bus.emit('tellerChanged', tellerId);
      await this.deps.offers.dispatch();
    });
  }

  /** From accepting an offer on, the teller is not offered anyone else. */
  busy(present: PresentTeller): void {
    present.busy = true;
  }

  /** The teller's call ended (or went to a colleague) at `at`: free for the next customer. */
  freed(tellerId: string, at: number): Promise<void> {
    return this.deps.turns.run(async () => {
      const present = this.deps.presence.get(tellerId);
      if (!present) return;
      present.busy = false;
      present.idleSince = at;
      present.since = at;
      await this.deps.offers.syncTeller(tellerId);
      this.deps.bus.emit('tellerChanged', tellerId);
    });
  }

  /** The teller's call could not start: it steps away rather than be offered the next customer. */
  startFailed(present: PresentTeller): Promise<void> {
    return this.deps.turns.run(async () => {
      present.busy = false;
      await this.deps.presence.setStatus(present, 'away', 'media_error');
      await this.deps.offers.syncTeller(present.tellerId);
      this.deps.bus.emit('tellerChanged', present.tellerId);
    });
  }

  /**
   * Server shutdown: the sockets' disconnections that follow change nothing,
   * so tellers find their status again after a restart.
   */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Draining: the teller's page goes to another node, where its desk comes back with the status it
   * chose (not set away). The leader forgot it when the drain began.
   */
  async #moved(tellerId: string): Promise<void> {
    await this.deps.wrapUps.left(tellerId);
    this.deps.presence.remove(tellerId);
    await this.deps.offers.removeTeller(tellerId);
  }

  /** A teller with no page left: away, out of routing, its offer to someone else. */
  async #gone(tellerId: string): Promise<void> {
    const present = this.deps.presence.get(tellerId);
    if (!present || present.pages > 0) return;
    await this.deps.wrapUps.left(tellerId);
    await this.deps.presence.setStatus(present, 'away', 'disconnected');
    this.deps.presence.remove(tellerId);
    await this.deps.offers.removeTeller(tellerId);
    await this.deps.offers.dispatch();
  }
}
