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

export interface RemoteTellersDeps {
  presence: TellerPresence;
  offers: Offers;
  customers: Pick<WaitingCustomers, 'handedOff'>;
  bus: QueueBus;
  turns: QueueTurns;
  leadership: QueueLeadership;
  link: LeaderLink;
}

/**
 * Tellers whose page is on another node than the leader's (README, "Queue
 * leader"). The teller's node keeps its desk and tells the leader each change
 * (`Offers.syncTeller` sends its snapshot); the leader routes a copy of it and
 * tells the teller's node when its offer changes or when it set the teller
 * away. A new leader asks every node for its tellers.
 */
export class RemoteTellers {
  constructor(private readonly deps: RemoteTellersDeps) {}

  /** A new leader: the other nodes' tellers it knew of before are stale; it asks them all again. */
  askAll(): void {
    this.deps.presence.dropRemote();
    this.deps.link.tell({ kind: 'tellersAsked' });
  }

  heard(notice: TellerNotice): Promise<void> {
    return this.deps.turns.run(async () => {
      const { presence, offers, bus, leadership } = this.deps;
      if (leadership.leads) {
        if (notice.kind === 'teller') {
          const mirrored = presence.mirror(notice.teller);
          if (!mirrored) return;
          await offers.syncTeller(mirrored.tellerId);
          bus.emit('tellerChanged', mirrored.tellerId);
          await offers.dispatch();
        } else if (notice.kind === 'tellerGone') {
          if (!presence.get(notice.tellerId)?.remote) return;
          presence.remove(notice.tellerId);
          await offers.removeTeller(notice.tellerId);
          bus.emit('tellerChanged', notice.tellerId);
          await offers.dispatch();
        } else if (notice.kind === 'accepted') {
          const mirrored = presence.get(notice.tellerId);
          if (!mirrored?.remote) return;
          // First out of line (its offer goes with it, unwritten: the teller's node stored the acceptance),
          // then busy before its node's snapshot says so: it is offered nobody else meanwhile.
          this.deps.customers.handedOff(notice.ticketId);
          mirrored.busy = true;
          await offers.syncTeller(notice.tellerId);
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
