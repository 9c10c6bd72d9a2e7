import client from 'prom-client';

export interface MetricSources {
  callsInProgress: () => number;
  waitingCustomers: () => number;
  workers: () => number;
  routers: () => number;
}

/** A Prometheus registry whose gauges read the live state when scraped. */
export function createMetrics(sources: MetricSources): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'skyteller_process_' });
  const gauge = (name: string, help: string, read: () => number): void => {
    new client.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  gauge(
    'skyteller_calls_in_progress',
    'Calls with a customer and a teller connected',
    sources.callsInProgress,
  );
  gauge('skyteller_waiting_customers', 'Customers waiting in the queue', sources.waitingCustomers);
  gauge('skyteller_mediasoup_workers', 'Live mediasoup workers', sources.workers);
  gauge('skyteller_mediasoup_routers', 'Open mediasoup routers (one per call)', sources.routers);
  return registry;
}
