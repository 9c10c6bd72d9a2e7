import type { types } from 'mediasoup';
import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { StaffUser } from '../../shared/contracts/auth.js';
import { MONITOR_TERMS, monitorKey } from '../call/index.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { RouterLink } from '../platform/media/router-link/router-link.js';

/**
 * A call another node holds, as one supervisor here monitors it: a room on a router of this
 * node, linked to the call's router there; the sides' producers piped in with their own ids,
 * each under a key of its own (only the supervisor consumes them here), and the supervisor
 * admitted on its mode's terms, its WebRTC served from here as for a call of this node.
 */
export class MirroredCall {
  readonly key: string;
  readonly #pipes = new Map<string, Promise<void>>();

  constructor(
    readonly callId: string,
    /** The node that holds the call. */
    readonly nodeId: string,
    readonly supervisor: StaffUser,
    readonly mode: MonitorMode,
    /** What the access policy checks a media request against, as the holding node answered it. */
    readonly call: { ticketId: string; tellerIds: string[] },
    readonly room: CallRoom,
    private readonly link: RouterLink,
  ) {
    this.key = monitorKey(mode, supervisor.id);
    room.admit(this.key, MONITOR_TERMS[mode]);
    // The call ended there, or its node went: its media here goes with the link.
    link.once('close', () => room.close());
  }

  get closed(): boolean {
    return this.room.closed;
  }

  /** The holding node's producer `producerId`, here under the same id (piped once). */
  pipe(producerId: string): Promise<void> {
    let piped = this.#pipes.get(producerId);
    if (!piped) {
      piped = this.#pipeIn(producerId);
      this.#pipes.set(producerId, piped);
      piped.catch(() => this.#pipes.delete(producerId));
    }
    return piped;
  }

  /** Closes the link (its piped producers on both nodes) and the room's router. */
  close(): void {
    this.link.close();
    this.room.close();
  }

  async #pipeIn(producerId: string): Promise<void> {
    const producer: types.Producer = await this.link.pipe(producerId);
    const holder = `piped:${producerId}`;
    this.room.admit(holder, {});
    this.room.addProducer(holder, producer);
    producer.observer.once('close', () => this.#pipes.delete(producerId));
  }
}
