import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import { AuditCallStore } from './audit-calls-store.js';
import { AuditDecisionStore } from './audit-decisions-store.js';
import type { Db } from '../platform/database/database.js';
import { RecordingFiles, RecordingStore, RetentionJob } from '../recording/index.js';
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
  db: Db;
  config: Config;
  audit: AuditTrail;
  chainVerifier: ChainVerifier;
  users: UserStore;
  clock: () => number;
  logger: Logger;
}): Auditing {
  const { db, audit, clock } = deps;
  const recordings = new RecordingStore(db);
  return {
    callAudits: new CallAudits({
      db,
      calls: new AuditCallStore(db),
      decisions: new AuditDecisionStore(db),
      recordings,
      service: new ServiceStore(db),
      users: deps.users,
      audit,
      chainVerifier: deps.chainVerifier,
      clock,
      timeZone: deps.config.timeZone,
    }),
    recordingAudit: new RecordingAudit(audit, recordings),
    recordingFiles: new RecordingFiles(recordings),
    retention: new RetentionJob({
      db,
      recordings,
      audit,
      recordingsDir: deps.config.recordingsDir,
      retentionDays: deps.config.recordings.retentionDays,
      clock,
      logger: deps.logger,
    }),
  };
}
