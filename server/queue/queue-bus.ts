import { EventEmitter } from 'node:events';

type QueueBusEvents = {
  /** Someone joined or left the line, or was answered. */
  queueChanged: [];
  /** A teller's status, offer or call changed. */
  tellerChanged: [tellerId: string];
  offerExpired: [];
  /** A waiting customer's page opened on another node: its position is sent again, wherever it is. */
  positionAsked: [ticketId: string];
  /** A waiting customer's page was gone past the grace period. */
  abandoned: [];
  /** A customer's call started after waiting this long. */
  answered: [waitMs: number];
};

/**
 * What the queue tells the rest of the server. Nothing subscribes to it inside
 * the queue feature: the composition lists every listener, in order.
 */
export class QueueBus extends EventEmitter<QueueBusEvents> {}
