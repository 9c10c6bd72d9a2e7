import type { CallStore } from './call-store.js';
import type { Db } from '../platform/database/database.js';
import type { TimelineStore } from './timeline-store.js';
import type { OfferStore } from '../queue/index.js';
import type { TellerStore } from '../queue/index.js';
import type { TicketStore } from '../queue/index.js';
import type { TransferStore } from './transfer-store.js';
import type { VipStore } from '../queue/index.js';

/** The tables the counter keeps in step with its decisions; writes that belong together share a transaction. */
export interface CounterStores {
  db: Db;
  tickets: TicketStore;
  calls: CallStore;
  events: TimelineStore;
  tellers: TellerStore;
  offers: OfferStore;
  transfers: TransferStore;
  vip: VipStore;
}
