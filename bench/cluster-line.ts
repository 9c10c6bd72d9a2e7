import type { ClusterCustomer } from '../test/support/cluster-customer.js';
import { quantile, round, wallClockMs } from './stats.js';

/** Where a set of figures lies: its first, quartiles and last. */
const spread = (values: number[]) => ({
  min: round(Math.min(...values), 1),
  p25: round(quantile(values, 0.25), 1),
  p50: round(quantile(values, 0.5), 1),
  p75: round(quantile(values, 0.75), 1),
  max: round(Math.max(...values), 1),
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The benchmark's waiting customers as their pages see the line: who is
 * where, and when every one of them has learned what a change or a node's
 * death did to its place.
 */
export class ClusterLine {
  readonly customers: ClusterCustomer[] = [];
  readonly #served = new Set<ClusterCustomer>();
  #lastPlacedAt = 0;
  #watch: ((customer: ClusterCustomer) => void) | undefined;
  #kill: { nodeId: string; moved: ClusterCustomer[]; before: Map<ClusterCustomer, number> } | undefined;

  add(customer: ClusterCustomer): void {
    this.customers.push(customer);
    customer.onPlaced = (placed) => {
      this.#lastPlacedAt = wallClockMs();
      this.#watch?.(placed);
    };
  }

  waiting(): ClusterCustomer[] {
    return this.customers.filter((customer) => !this.#served.has(customer));
  }

  head(): ClusterCustomer {
    const head = this.waiting().find((customer) => customer.position === 1);
    if (!head) throw new Error('nobody is at the head of the line');
    return head;
  }

  served(customer: ClusterCustomer): void {
    this.#served.add(customer);
  }

  behindHead(): ClusterCustomer[] {
    return this.waiting().filter((customer) => (customer.position ?? 0) > 1);
  }

  /** How many pages each node holds, and whether each is on the node its sticky cookie names. */
  census() {
    const perNode: Record<string, number> = {};
    let offCookie = 0;
    for (const customer of this.waiting()) {
      const node = customer.nodeId ?? 'none';
      perNode[node] = (perNode[node] ?? 0) + 1;
      if (customer.nodeId !== customer.browser.pinnedTo) offCookie++;
    }
    return { perNode, notOnTheirCookiesNode: offCookie };
  }

  /** Until every waiting page is connected and the places are exactly 1…n. */
  async settled(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const waiting = this.waiting();
      const places = waiting.map((customer) => customer.position ?? 0).sort((a, b) => a - b);
      if (waiting.every((c) => c.socket.connected) && places.every((place, i) => place === i + 1)) return;
      if (Date.now() > deadline) throw new Error('the line did not settle');
      await pause(50);
    }
  }

  /** Until no page has heard of its place for `ms`. */
  async quiet(ms: number): Promise<void> {
    this.#lastPlacedAt = wallClockMs();
    while (wallClockMs() - this.#lastPlacedAt < ms) await pause(50);
  }

  /** Resolves with the time the last of `customers` learned it moved up by one. */
  expectMovedUp(customers: ClusterCustomer[], timeoutMs: number): Promise<number> {
    const expected = new Map(customers.map((customer) => [customer, customer.position! - 1]));
    let last = 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#watch = undefined;
        reject(new Error(`${expected.size} of ${customers.length} never moved up`));
      }, timeoutMs);
      this.#watch = (customer) => {
        if (expected.get(customer) !== customer.position) return;
        expected.delete(customer);
        last = Math.max(last, customer.placedAt!);
        if (expected.size > 0) return;
        clearTimeout(timer);
        this.#watch = undefined;
        resolve(last);
      };
    });
  }

  /** Before `nodeId` is killed: who is on it, and everyone's place. */
  armKill(nodeId: string) {
    const waiting = this.waiting();
    const moved = waiting.filter((customer) => customer.nodeId === nodeId);
    this.#kill = { nodeId, moved, before: new Map(waiting.map((c) => [c, c.position!])) };
    return { waiting: waiting.length, onKilledNode: moved.length };
  }

  /**
   * After the kill at `at`: until every page of the dead node has connected again to another node
   * and learned its place there, unchanged. Then how long each took, and whether anyone's place
   * changed.
   */
  async recovered(at: number, timeoutMs: number) {
    const { nodeId, moved, before } = this.#kill!;
    const back = (customer: ClusterCustomer) =>
      customer.nodeId !== undefined &&
      customer.nodeId !== nodeId &&
      (customer.connectedAt ?? 0) > at &&
      (customer.placedAt ?? 0) > at &&
      customer.position === before.get(customer);
    const deadline = wallClockMs() + timeoutMs;
    while (!moved.every(back) && wallClockMs() < deadline) await pause(20);
    const returned = moved.filter(back);
    const backMs = returned.map((customer) => customer.placedAt! - at);
    const reconnectedMs = returned.map((customer) => customer.connectedAt! - at);
    const noticedMs = moved.map((customer) => (customer.disconnectedAt ?? at) - at);
    const attempts = moved.map((customer) => customer.reconnectAttempts);
    const errors: Record<string, number> = {};
    for (const customer of moved) {
      const error = customer.lastConnectError ?? 'none';
      errors[error] = (errors[error] ?? 0) + 1;
    }
    // Late pushes would show here: a second later, is everyone where they were?
    await pause(1000);
    const waiting = this.waiting();
    return {
      killed: nodeId,
      onKilledNode: moved.length,
      backInPlace: returned.length,
      lastBackInPlaceMs: backMs.length ? round(Math.max(...backMs), 1) : null,
      p50BackInPlaceMs: backMs.length ? round(quantile(backMs, 0.5), 1) : null,
      lastReconnectedMs: reconnectedMs.length ? round(Math.max(...reconnectedMs), 1) : null,
      reconnectedMs: reconnectedMs.length ? spread(reconnectedMs) : null,
      disconnectNoticedMs: spread(noticedMs),
      reconnectAttempts: spread(attempts),
      lastConnectErrors: errors,
      placeChanged: waiting.filter((customer) => customer.position !== before.get(customer)).length,
      everyonePlacedAgainAfterKill: waiting.filter((customer) => (customer.placedAt ?? 0) > at).length,
      after: this.census(),
    };
  }

  closeAll(): void {
    for (const customer of this.customers) customer.close();
  }
}
