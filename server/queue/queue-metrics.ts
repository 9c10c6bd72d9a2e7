import client from 'prom-client';
import { PRIORITY_CLASSES } from '../../shared/domain/priority.js';
import type { CounterService } from '../call/index.js';

/** The queue's Prometheus series: waiting by class, and the day's outcomes as counters. */
export function registerQueueMetrics(registry: client.Registry, counter: CounterService): void {
  new client.Gauge({
    name: 'skyteller_waiting_by_priority',
    help: 'Customers waiting, by priority class',
    labelNames: ['priority'],
    registers: [registry],
    collect() {
      const counts = Object.fromEntries(PRIORITY_CLASSES.map((p) => [p, 0]));
      for (const ticket of counter.snapshot().tickets) counts[ticket.priority]!++;
      for (const [priority, n] of Object.entries(counts)) this.set({ priority }, n);
    },
  });
  const countEvent = (name: string, help: string, event: 'offerExpired' | 'abandoned') => {
    const metric = new client.Counter({ name, help, registers: [registry] });
    counter.on(event, () => metric.inc());
  };
  countEvent('skyteller_offers_expired_total', 'Offers no teller answered in time', 'offerExpired');
  countEvent(
    'skyteller_abandoned_total',
    'Customers who left while waiting (page gone past the grace period)',
    'abandoned',
  );
  const answered = new client.Counter({
    name: 'skyteller_answered_total',
    help: 'Customers whose call started',
    registers: [registry],
  });
  const wait = new client.Histogram({
    name: 'skyteller_wait_seconds',
    help: 'Time from joining the queue to the call starting',
    buckets: [5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600],
    registers: [registry],
  });
  counter.on('answered', (waitMs) => {
    answered.inc();
    wait.observe(waitMs / 1000);
  });
}
