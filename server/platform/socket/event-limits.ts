import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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
};

/**
 * A budget per socket and event family, so one page flooding a request
 * (1,000 `ticket:status` a second) is refused cheaply while its other requests,
 * and every other socket, are served. rate-limiter-flexible's memory store;
 * its Redis or database stores take the same calls when there are several servers.
 */
export class SocketEventLimits {
  readonly #families = new Map<string, RateLimiterMemory>();

  /** Takes one request from the socket's budget for `event`; the milliseconds to wait when none is left. */
  async take(socketId: string, event: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    try {
      await this.#limiterOf(familyOf(event)).consume(socketId);
      return { ok: true };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return { ok: false, retryAfterMs: refusal.msBeforeNext };
      throw refusal;
    }
  }

  #limiterOf(family: string): RateLimiterMemory {
    let limiter = this.#families.get(family);
    if (!limiter) {
      const points = Object.hasOwn(BUDGETS, family) ? BUDGETS[family]! : DEFAULT_BUDGET;
      limiter = new RateLimiterMemory({ points, duration: WINDOW_SECONDS, keyPrefix: family });
      this.#families.set(family, limiter);
    }
    return limiter;
  }
}

/** Unknown events share one family, so inventing names buys no fresh budget (nor a limiter each). */
function familyOf(event: string): string {
  return Object.hasOwn(clientRequests, event) ? event.split(':', 1)[0]! : 'unknown';
}
