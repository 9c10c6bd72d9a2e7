import type { Logger } from 'pino';
import type { CallRooms } from '../platform/media/call-rooms.js';
import { CallBus } from './call-bus.js';
import { CallFailover, type CallFailoverDeps } from './call-failover.js';
import { CallLifecycle } from './call-lifecycle.js';
import { CallRegistry } from './call-registry.js';
import { Monitoring } from './monitoring.js';
import type { CallStores } from './call-stores.js';
import { RejoinGrace } from './rejoin-grace.js';
import { Transfers } from './transfers.js';

/** The call side of the counter: its units share one registry and one bus. */
export interface CallFeature {
  /** What the calls tell the rest of the server; the composition subscribes. */
  bus: CallBus;
  registry: CallRegistry;
  lifecycle: CallLifecycle;
  rejoin: RejoinGrace;
  transfers: Transfers;
  /** Supervisors listening in, whispering, barging in. */
  monitoring: Monitoring;
  /** Where a page's call is held; a call whose node was lost goes on here. */
  failover: CallFailover;
  /** Server shutdown: nobody is waited for any more. */
  stop(): void;
}

export function createCallFeature(deps: {
  store: CallStores;
  rooms: CallRooms;
  clock: () => number;
  rejoinGraceMs: number;
  /** A teller at work's display name (the queue knows who is at work). */
  tellerName: (tellerId: string) => string | undefined;
  /** Where a store write nobody waits for (a page leaving, a screen share) is reported if it fails. */
  logger: Logger;
  /** This node (SKYTELLER_NODE_ID): the calls it starts are stored as its own. */
  nodeId: string;
  /** A call whose node was lost (README, "Calls across nodes"): how to tell, and what it needs back. */
  lostCalls: Pick<CallFailoverDeps, 'isNodeLost' | 'isNodeSilent' | 'ticketOf' | 'tellerName'>;
}): CallFeature {
  const { store, clock, logger } = deps;
  const bus = new CallBus();
  const registry = new CallRegistry(deps.nodeId);
  const rejoin = new RejoinGrace({ events: store.events, bus, clock, graceMs: deps.rejoinGraceMs, logger });
  const lifecycle = new CallLifecycle({
    store,
    rooms: deps.rooms,
    registry,
    bus,
    clock,
    logger,
    nodeId: deps.nodeId,
  });
  return {
    bus,
    registry,
    lifecycle,
    failover: new CallFailover({
      ...deps.lostCalls,
      calls: store.calls,
      registry,
      lifecycle,
      rejoin,
      logger,
    }),
    rejoin,
    transfers: new Transfers({ store, registry, bus, clock, tellerName: deps.tellerName }),
    monitoring: new Monitoring({ registry, events: store.events, bus, clock, logger }),
    stop: () => rejoin.stop(),
  };
}
