import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../../server/platform/media/media-codecs.js';
import { WorkerPool } from '../../server/platform/media/worker-pool.js';
import { createLogger } from '../../server/platform/observability/logger.js';

/** One real mediasoup worker and a router with the calls' codecs, and a temp folder for files. */
export async function recorderBench(): Promise<{
  pool: WorkerPool;
  router: types.Router;
  dir: string;
  close(): void;
}> {
  const pool = await WorkerPool.create({
    size: 1,
    listenIp: '127.0.0.1',
    announcedIp: '127.0.0.1',
    basePort: 0,
    logger: createLogger('silent'),
  });
  const { router } = await pool.createRouter(MEDIA_CODECS);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-rec-'));
  return {
    pool,
    router,
    dir,
    close: () => {
      pool.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
