import path from 'node:path';
import type { Logger } from 'pino';
import { inMemory, type LimitStore } from '../platform/attempt-limit.js';
import type { Config } from '../platform/config.js';
import { openSharedDatabase, type SharedDatabase } from '../platform/database/shared-database.js';
import { SharedRedis } from '../platform/redis/shared-redis.js';

export interface SharedStores {
  /** Socket.io's adapter and the rate limits' store when several nodes share Redis. */
  sharedRedis: SharedRedis | undefined;
  limitStore: LimitStore;
  /** The typed query layer: the data folder's SQLite file, or PostgreSQL with SKYTELLER_DATABASE_URL (and then no SQLite file). */
  database: SharedDatabase;
}

/**
 * Opens what this node keeps its data in and shares with other nodes (issue 16). Redis comes
 * first: one that does not answer stops the start with nothing to undo.
 */
export async function openSharedStores(config: Config, logger: Logger): Promise<SharedStores> {
  const sharedRedis = config.redisUrl
    ? await SharedRedis.connect(config.redisUrl, (error) => logger.warn({ err: error }, 'redis unreachable'))
    : undefined;
  const database = await openSharedDatabase({
    databaseUrl: config.databaseUrl,
    sqlite: path.join(config.dataDir, 'skyteller.db'),
    // Message and code only: pg's error carries its client, whose settings hold the password.
    onConnectionLost: (error) =>
      logger.warn(
        { code: (error as { code?: string }).code, reason: error.message },
        'PostgreSQL dropped an idle connection; the pool opens another',
      ),
  });
  if (database.dialect === 'postgres') {
    logger.warn('SKYTELLER_DATABASE_URL: every store is on PostgreSQL; no SQLite file is opened');
    // A single node on PostgreSQL is sound; several without the secret cannot share media.
    if (!config.routerLinks.secretFile) {
      logger.info('SKYTELLER_CLUSTER_SECRET_FILE unset: this node links no routers with other nodes');
    }
  }
  return { sharedRedis, limitStore: sharedRedis?.limits ?? inMemory, database };
}
