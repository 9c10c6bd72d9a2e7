import type { CallsRepo } from '../store/calls-repo.js';
import type { Db } from '../store/database.js';
import type { EventsRepo } from '../store/events-repo.js';
import type { OffersRepo } from '../store/offers-repo.js';
import type { TellersRepo } from '../store/tellers-repo.js';
import type { TicketsRepo } from '../store/tickets-repo.js';
import type { TransfersRepo } from '../store/transfers-repo.js';
import type { VipRepo } from '../store/vip-repo.js';

/** The tables the counter keeps in step with its decisions; writes that belong together share a transaction. */
export interface CounterStores {
  db: Db;
  tickets: TicketsRepo;
  calls: CallsRepo;
  events: EventsRepo;
  tellers: TellersRepo;
  offers: OffersRepo;
  transfers: TransfersRepo;
  vip: VipRepo;
}
