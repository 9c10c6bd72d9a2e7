/** How many recent calls of a service the average handle time follows. */
const RECENT_CALLS = 20;

/**
 * Recent handle times per service, and from them a customer's expected wait.
 * Pure: the caller feeds finished calls in and asks with its own numbers.
 */
export class WaitEstimator {
  readonly #recent = new Map<string, number[]>();
  readonly #all: number[] = [];

  constructor(private readonly defaultHandleMs: number) {}

  addHandleTime(serviceId: string, ms: number): void {
    if (!(ms > 0)) return;
    let list = this.#recent.get(serviceId);
    if (!list) this.#recent.set(serviceId, (list = []));
    pushBounded(list, ms);
    pushBounded(this.#all, ms);
  }

  /** The service's recent mean, else every service's, else the configured default. */
  averageHandleMs(serviceId: string): number {
    const list = this.#recent.get(serviceId);
    const source = list?.length ? list : this.#all;
    return source.length ? source.reduce((a, b) => a + b, 0) / source.length : this.defaultHandleMs;
  }

  /**
   * `position` is the 1-based place among tickets those tellers serve; `freeTellers`
   * of the `staffedTellers` (eligible and not away) can take a customer at once.
   * Each staffed teller clears one customer per average handle time. Null when
   * nobody who could serve the ticket is working.
   */
  estimateMs(input: {
    serviceId: string;
    position: number;
    staffedTellers: number;
    freeTellers: number;
  }): number | null {
    if (input.staffedTellers <= 0) return null;
    const ahead = Math.max(0, input.position - input.freeTellers);
    if (ahead === 0) return 0;
    return Math.round((ahead / input.staffedTellers) * this.averageHandleMs(input.serviceId));
  }
}

function pushBounded(list: number[], value: number): void {
  list.push(value);
  if (list.length > RECENT_CALLS) list.shift();
}
