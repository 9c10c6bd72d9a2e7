import type { LeaderLink, QueueNotice } from './leader-link.js';
import type { Offers } from './offers.js';
import type { QueueBus } from './queue-bus.js';
import type { QueueLeadership } from './queue-leadership.js';
import type { QueueTurns } from './queue-turns.js';
import type { TellerPresence } from './teller-presence.js';
import type { WaitingCustomers } from './waiting-customers.js';

type TellerNotice = Extract<
  QueueNotice,
  { kind: 'teller' | 'tellerGone' | 'decline' | 'accepted' | 'tellersAsked' | 'offerChanged' | 'tellerAway' }
>;

/**
 * A node tells the leader of its tellers again this often, and the leader forgets a teller it
 * has not heard of for three times as long: its node stopped or died (a stopping node leaves its
 * tellers' desks as they are, so that they find them again). About one small notice per teller
 * every 10 s.
 */
export const TELLER_REFRESH_MS = 10_000;
const FORGOTTEN_AFTER_MS = 3 * TELLER_REFRESH_MS;

export interface RemoteTellersDeps {
  presence: TellerPresence;
  offers: Offers;
  customers: Pick<WaitingCustomers, 'handedOff'>;
  bus: QueueBus;
  turns: QueueTurns;
  leadership: QueueLeadership;
  link: LeaderLink;
  clock: () => number;
}

/**
 * Tellers whose page is on another node than the leader's (README, "Queue
 * leader"). The teller's node keeps its desk and tells the leader each change
 * (`Offers.syncTeller` sends its snapshot); the leader routes a copy of it and
 * tells the teller's node when its offer changes or when it set the teller
 * away. A new leader asks every node for its tellers. Every TELLER_REFRESH_MS
 * each node tells its tellers again and the leader forgets those it stopped
 * hearing of.
 */
export class RemoteTellers {
  /** Leader: when each teller of another node was last heard of. */
  readonly #heardAt = new Map<string, number>();
  readonly #refresh: NodeJS.Timeout;

  constructor(private readonly deps: RemoteTellersDeps) {
    this.#refresh = setInterval(() => this.deps.turns.background(() => this.#refreshed()), TELLER_REFRESH_MS);
    this.#refresh.unref();
  }

  /** A new leader: the other nodes' tellers it knew of before are stale; it asks them all again. */
  askAll(): void {
    this.deps.presence.dropRemote();
    this.#heardAt.clear();
    this.deps.link.tell({ kind: 'tellersAsked' });
  }

  /** Server shutdown. */
  stop(): void {
    clearInterval(this.#refresh);
  }

  /** Leading: the tellers not heard of for long are forgotten. Not leading: the leader hears of this node's. */
  async #refreshed(): Promise<void> {
    const { presence, offers, bus, leadership } = this.deps;
    if (!leadership.leads) {
      for (const tellerId of presence.localIds()) await offers.syncTeller(tellerId);
      return;
    }
    const now = this.deps.clock();
    for (const [tellerId, heardAt] of this.#heardAt) {
      if (now - heardAt < FORGOTTEN_AFTER_MS) continue;
      this.#heardAt.delete(tellerId);
      if (!presence.get(tellerId)?.remote) continue;
      presence.remove(tellerId);
      await offers.removeTeller(tellerId);
      bus.emit('tellerChanged', tellerId);
    }
    await offers.dispatch();
  }

  heard(notice: TellerNotice): Promise<void> {
    return this.deps.turns.run(async () => {
      const { presence, offers, bus, leadership } = this.deps;
      if (leadership.leads) {
        if (notice.kind === 'teller') {
          const mirrored = presence.mirror(notice.teller);
          if (!mirrored) return;
          this.#heardAt.set(mirrored.tellerId, this.deps.clock());
          await offers.syncTeller(mirrored.tellerId);
          bus.emit('tellerChanged', mirrored.tellerId);
          await offers.dispatch();
        } else if (notice.kind === 'tellerGone') {
          if (!presence.get(notice.tellerId)?.remote) return;
          this.#heardAt.delete(notice.tellerId);
          presence.remove(notice.tellerId);
          await offers.removeTeller(notice.tellerId);
          bus.emit('tellerChanged', notice.tellerId);
          await offers.dispatch();
        } else if (notice.kind === 'accepted') {
          // First out of line (its offer goes with it, unwritten: the teller's node stored the
          // acceptance), whatever this node knows of the teller: one with a page here too is this
          // node's own, and left in line its customer would be offered again once the offer expired.
          this.deps.customers.handedOff(notice.ticketId);
          const mirrored = presence.get(notice.tellerId);
          if (mirrored?.remote) {
            // Busy before its node's snapshot says so: it is offered nobody else meanwhile.
            mirrored.busy = true;
            await offers.syncTeller(notice.tellerId);
          } else if (mirrored) {
            // Its page here showed the offer; it is gone.
            bus.emit('tellerChanged', notice.tellerId);
          }
          await offers.dispatch();
        } else if (notice.kind === 'decline') {
          if (presence.get(notice.tellerId)?.remote) await offers.decline(notice.tellerId, notice.ticketId);
        }
        return;
      }
      // Not leading: the leader speaks of a teller whose page is here.
      if (notice.kind === 'tellersAsked') {
        for (const tellerId of presence.localIds()) await offers.syncTeller(tellerId);
        return;
      }
      if (notice.kind !== 'offerChanged' && notice.kind !== 'tellerAway') return;
      const present = presence.get(notice.tellerId);
      if (!present || present.remote) return;
      if (notice.kind === 'offerChanged') return offers.showStored(notice.tellerId);
      await presence.setStatus(present, 'away', notice.reason);
      await offers.showStored(notice.tellerId);
      await offers.syncTeller(notice.tellerId);
    });
  }
}
