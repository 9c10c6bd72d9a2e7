import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import { AuditCallStore } from './audit-calls-store.js';
import { AuditDecisionStore } from './audit-decisions-store.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { RecordingFiles, RecordingStore, RetentionJob, type RecordingStorage } from '../recording/index.js';
import { ServiceStore } from '../service/index.js';
import type { UserStore } from '../identity/index.js';
import { CallAudits } from './call-audits.js';
import { RecordingAudit } from './recording-audit.js';
import type { AuditTrail } from './audit-trail.js';
import type { ChainVerifier } from './chain-verifier.js';

export interface Auditing {
  callAudits: CallAudits;
  recordingAudit: RecordingAudit;
  recordingFiles: RecordingFiles;
  retention: RetentionJob;
}

/** The call audits, the recording files it serves, and the retention job, on one database. */
export function createAuditing(deps: {
  /** SQLite's connection, or PostgreSQL (README, "Database"). */
  kysely: Kysely<Schema>;
  config: Config;
  audit: AuditTrail;
  chainVerifier: ChainVerifier;
  users: UserStore;
  /** Where recordings are kept: the recordings folder, or object storage. */
  recordingStorage: RecordingStorage;
  clock: () => number;
  logger: Logger;
}): Auditing {
  const { audit, clock } = deps;
  const recordings = new RecordingStore(deps.kysely);
  const recordingFiles = new RecordingFiles(recordings, deps.recordingStorage);
  return {
    callAudits: new CallAudits({
      db: deps.kysely,
      calls: new AuditCallStore(deps.kysely),
      decisions: new AuditDecisionStore(deps.kysely),
      recordings,
      files: recordingFiles,
      service: new ServiceStore(deps.kysely),
      users: deps.users,
      audit,
      chainVerifier: deps.chainVerifier,
      clock,
      timeZone: deps.config.timeZone,
    }),
    recordingAudit: new RecordingAudit(audit, recordings),
    recordingFiles,
    retention: new RetentionJob({
      db: deps.kysely,
      recordings,
      audit,
      storage: deps.recordingStorage,
      retentionDays: deps.config.recordings.retentionDays,
      clock,
      logger: deps.logger,
    }),
  };
}
