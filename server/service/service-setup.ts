import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import type { RecordSigningSetup } from './record/signed-record.js';

import { CallStore, type CallRegistry, type TimelineStore } from '../call/index.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { RecordingStore } from '../recording/index.js';
import { ServiceStore } from './service-store.js';
import type { TicketStore } from '../queue/index.js';
import type { UserStore } from '../identity/index.js';
import { ServiceSessions, type ServiceSessionsDeps } from './service-sessions.js';

/** The guided service sessions with their stores, writing records under `<data dir>/records`. */
export function createServiceSessions(deps: {
  /** SQLite's connection, or PostgreSQL (README, "Database"). */
  kysely: Kysely<Schema>;
  config: Config;
  callRegistry: CallRegistry;
  users: UserStore;
  logger: Logger;
  clock: () => number;
  signing: RecordSigningSetup;
  /** The server's one events store: its observer writes staff actions to the audit chain. */
  events: TimelineStore;
  /** The queue's tickets: the record names the customer. */
  tickets: TicketStore;
  locationRefusal?: ServiceSessionsDeps['locationRefusal'];
}): ServiceSessions {
  const { config } = deps;

  return new ServiceSessions({
    db: deps.kysely,
    calls: new CallStore(deps.kysely),
    tickets: deps.tickets,
    users: deps.users,
    service: new ServiceStore(deps.kysely),
    events: deps.events,
    callRegistry: deps.callRegistry,
    recordsDir: path.join(config.dataDir, 'records'),
    recordStyle: { institution: config.institutionName, timeZone: config.timeZone },
    documentsDir: path.join(config.dataDir, 'documents'),
    recordings: new RecordingStore(deps.kysely),
    signing: () => deps.signing,
    logger: deps.logger,
    clock: deps.clock,
    ...(deps.locationRefusal ? { locationRefusal: deps.locationRefusal } : {}),
  });
}
