import { staffChannel, ticketChannel, type Principal } from '../identity/index.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { QueuePositionUpdate } from '../../shared/contracts/socket-events.js';
import type { QueuePositions } from './queue-positions.js';
import type { TellerPresence } from './teller-presence.js';
import type { TellerStates } from './teller-states.js';

/**
 * What the page shows: a join or a leaving behind a customer changes only `waiting`, which it does
 * not show, and pushing that to everyone ahead made every join cost one push per waiting customer
 * (bench:cluster: the leader fell behind with 2,000 waiting). A push that goes for another reason
 * carries the count as it is then.
 */
const placeKey = (update: QueuePositionUpdate): string =>
  `${update.position}/${update.estimatedWaitMs}/${update.offered}`;

/** What the queue's pages are told: customers their place in line, tellers their state. */
export class QueuePushes {
  /** Only what changed is sent: with thousands waiting, one departure must not mean thousands of messages. */
  readonly #lastSent = new Map<string, string>();
  #positionsScheduled = false;

  constructor(
    private readonly io: AppServer<Principal>,
    private readonly positions: QueuePositions,
    private readonly states: TellerStates,
    private readonly presence: TellerPresence,
  ) {}

  /** A teller whose page is on another node is told its state by that node. */
  queueChanged(): void {
    this.#pushPositions();
    for (const tellerId of this.presence.localIds()) this.#pushTellerState(tellerId);
  }

  /** Staffing changes move estimates too. */
  tellerChanged(tellerId: string): void {
    if (this.presence.get(tellerId)?.remote === false) this.#pushTellerState(tellerId);
    this.#pushPositions();
  }

  /**
   * The customer's page opened (perhaps on another node): its position goes out even if unchanged,
   * worked out for it alone. When a node dies its pages come back to the others all at once, and
   * working out everyone's position for each one of them held the leader up for seconds
   * (bench:cluster, README "Deployment").
   */
  positionAsked(ticketId: string): void {
    const update = this.positions.of(ticketId);
    if (!update) return;
    this.#lastSent.set(ticketId, placeKey(update));
    this.io.to(ticketChannel(ticketId)).emit('queue:position', update);
  }

  #pushTellerState(tellerId: string): void {
    this.io.to(staffChannel(tellerId)).emit('teller:state', this.states.of(tellerId));
  }

  /** Several changes in one turn of the event loop make one push. */
  #pushPositions(): void {
    if (this.#positionsScheduled) return;
    this.#positionsScheduled = true;
    setImmediate(() => {
      this.#positionsScheduled = false;
      this.#pushChangedPositions();
    });
  }

  #pushChangedPositions(): void {
    const current = new Set<string>();
    for (const update of this.positions.all()) {
      current.add(update.ticketId);
      const key = placeKey(update);
      if (this.#lastSent.get(update.ticketId) === key) continue;
      this.#lastSent.set(update.ticketId, key);
      this.io.to(ticketChannel(update.ticketId)).emit('queue:position', update);
    }
    for (const ticketId of this.#lastSent.keys()) if (!current.has(ticketId)) this.#lastSent.delete(ticketId);
  }
}
