import client from 'prom-client';
import { PRIORITY_CLASSES } from '../../shared/domain/priority.js';
import type { RoutingTicket } from './rules/routing-types.js';

/** The queue's Prometheus series: waiting by class, and the day's outcomes as counters. */
export class QueueMetrics {
  readonly #offersExpired: client.Counter;
  readonly #abandoned: client.Counter;
  readonly #answered: client.Counter;
  readonly #wait: client.Histogram;

  constructor(registry: client.Registry, waitingTickets: () => Iterable<Pick<RoutingTicket, 'priority'>>) {
    new client.Gauge({
      name: 'skyteller_waiting_by_priority',
      help: 'Customers waiting, by priority class',
      labelNames: ['priority'],
      registers: [registry],
      collect() {
        const counts = Object.fromEntries(PRIORITY_CLASSES.map((p) => [p, 0]));
        for (const ticket of waitingTickets()) counts[ticket.priority]!++;
        for (const [priority, n] of Object.entries(counts)) this.set({ priority }, n);
      },
    });
    this.#offersExpired = new client.Counter({
      name: 'skyteller_offers_expired_total',
      help: 'Offers no teller answered in time',
      registers: [registry],
    });
    this.#abandoned = new client.Counter({
      name: 'skyteller_abandoned_total',
      help: 'Customers who left while waiting (page gone past the grace period)',
      registers: [registry],
    });
    this.#answered = new client.Counter({
      name: 'skyteller_answered_total',
      help: 'Customers whose call started',
      registers: [registry],
    });
    this.#wait = new client.Histogram({
      name: 'skyteller_wait_seconds',
      help: 'Time from joining the queue to the call starting',
      buckets: [5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600],
      registers: [registry],
    });
  }

  offerExpired(): void {
    this.#offersExpired.inc();
  }

  abandoned(): void {
    this.#abandoned.inc();
  }

  answered(waitMs: number): void {
    this.#answered.inc();
    this.#wait.observe(waitMs / 1000);
  }
}
