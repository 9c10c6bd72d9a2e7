import { AttemptLimit } from '../attempt-limit.js';
import { clientRequests } from '../../../shared/contracts/socket-events.js';

/** Requests a socket may send per family (the event name's part before ':') in each window. */
const WINDOW_SECONDS = 10;
const DEFAULT_BUDGET = 50;
const BUDGETS: Record<string, number> = {
  // Setting up a call's media takes a burst: transports, producers, a consumer per producer.
  media: 200,
  // A face check sends a frame every few hundred milliseconds for a few seconds.
  face: 150,
  // A form is filled step by step; a teller may push, correct and confirm in quick turns.
  service: 100,
  // A person types a few messages a minute; this leaves room for quick replies and history reloads.
  chat: 20,
};

/**
 * A budget per socket and event family, so one page flooding a request
 * (1,000 `ticket:status` a second) is refused cheaply while its other requests,
 * and every other socket, are served. Always in this process's memory, even
 * with several nodes: a socket lives on one node, so its budget needs no
 * sharing, and a Redis round trip on every request would buy nothing.
 */
export class SocketEventLimits {
  readonly #families = new Map<string, AttemptLimit>();

  /** Takes one request from the socket's budget for `event`: 0, or the milliseconds to wait when none is left. */
  take(socketId: string, event: string): Promise<number> {
    return this.#limitOf(familyOf(event)).take(socketId);
  }

  #limitOf(family: string): AttemptLimit {
    let limit = this.#families.get(family);
    if (!limit) {
      const points = Object.hasOwn(BUDGETS, family) ? BUDGETS[family]! : DEFAULT_BUDGET;
      limit = new AttemptLimit(points, WINDOW_SECONDS, family);
      this.#families.set(family, limit);
    }
    return limit;
  }
}

/** Unknown events share one family, so inventing names buys no fresh budget (nor a limiter each). */
function familyOf(event: string): string {
  return Object.hasOwn(clientRequests, event) ? event.split(':', 1)[0]! : 'unknown';
}
