import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import { S3Bucket } from '../platform/object-storage/s3-bucket.js';
import { LocalRecordingStorage } from './local-recording-storage.js';
import type { RecordingStorage } from './recording-storage.js';
import { S3RecordingStorage } from './s3-recording-storage.js';

/** The configured storage: the bucket when SKYTELLER_S3_* are set, else the recordings folder. */
export function createRecordingStorage(
  config: Pick<Config, 'objectStorage' | 'recordingsDir'>,
  logger: Logger,
): { storage: RecordingStorage; close(): void } {
  if (!config.objectStorage)
    return { storage: new LocalRecordingStorage(config.recordingsDir), close: () => {} };
  const bucket = new S3Bucket(config.objectStorage);
  return {
    storage: new S3RecordingStorage(bucket, config.recordingsDir, logger),
    close: () => bucket.close(),
  };
}
