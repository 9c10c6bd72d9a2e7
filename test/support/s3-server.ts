import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { loadConfig } from '../../server/platform/config.js';
import { S3Bucket } from '../../server/platform/object-storage/s3-bucket.js';

export interface TestS3Server {
  /** The SKYTELLER_S3_* settings that point a server at its bucket. */
  env: Record<string, string>;
  /** The same bucket, for a test to look into. */
  bucket: S3Bucket;
  stop(): Promise<void>;
}

const BUCKET = 'skyteller-recordings';

/**
 * An S3 API server in this process (s3rver: unmaintained, but pure JavaScript
 * and enough of S3 for put, ranged get, head, list and delete) on a free
 * loopback port, keeping its objects in a temp folder, with one empty bucket.
 */
export async function startS3Server(): Promise<TestS3Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  const env = {
    SKYTELLER_S3_ENDPOINT: `http://127.0.0.1:${port}`,
    SKYTELLER_S3_BUCKET: BUCKET,
    SKYTELLER_S3_REGION: 'us-east-1',
    // s3rver checks signatures made with these.
    SKYTELLER_S3_ACCESS_KEY_ID: 'S3RVER',
    SKYTELLER_S3_SECRET_ACCESS_KEY: 'S3RVER',
  };
  const bucket = new S3Bucket(loadConfig(env).objectStorage!);
  return {
    env,
    bucket,
    async stop() {
      bucket.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
