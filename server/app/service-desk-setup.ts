import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { RecordSigningSetup } from '../records/signed-record.js';

import { CallsRepo } from '../store/calls-repo.js';
import type { Db } from '../store/database.js';
import type { EventsRepo } from '../store/events-repo.js';
import { RecordingsRepo } from '../store/recordings-repo.js';
import { ServiceRepo } from '../store/service-repo.js';
import { TicketsRepo } from '../store/tickets-repo.js';
import type { UsersRepo } from '../store/users-repo.js';
import type { CounterService } from './counter-service.js';
import { ServiceDesk } from './service-desk.js';

/** The service desk with its stores, writing records under `<data dir>/records`. */
export function createServiceDesk(deps: {
  db: Db;
  config: Config;
  counter: CounterService;
  users: UsersRepo;
  logger: Logger;
  clock: () => number;
  signing: RecordSigningSetup;
  /** The server's one events store: its observer writes staff actions to the audit chain. */
  events: EventsRepo;
}): ServiceDesk {
  const { db, config } = deps;

  return new ServiceDesk({
    db,
    calls: new CallsRepo(db),
    tickets: new TicketsRepo(db),
    users: deps.users,
    service: new ServiceRepo(db),
    events: deps.events,
    counter: deps.counter,
    recordsDir: path.join(config.dataDir, 'records'),
    documentsDir: path.join(config.dataDir, 'documents'),
    recordings: new RecordingsRepo(db),
    signing: () => deps.signing,
    logger: deps.logger,
    clock: deps.clock,
  });
}
