import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AuditCallsRepo } from '../store/audit-calls-repo.js';
import { AuditDecisionsRepo } from '../store/audit-decisions-repo.js';
import type { Db } from '../store/database.js';
import { RecordingsRepo } from '../store/recordings-repo.js';
import { ServiceRepo } from '../store/service-repo.js';
import type { UsersRepo } from '../store/users-repo.js';
import { AuditDesk } from './audit-desk.js';
import type { AuditTrail } from './audit-trail.js';
import { RecordingFiles } from './recording-files.js';
import { RetentionJob } from './retention-job.js';

export interface Auditing {
  auditDesk: AuditDesk;
  recordingFiles: RecordingFiles;
  retention: RetentionJob;
}

/** The auditor's desk, the recording files it serves, and the retention job, on one database. */
export function createAuditing(deps: {
  db: Db;
  config: Config;
  audit: AuditTrail;
  users: UsersRepo;
  clock: () => number;
  logger: Logger;
}): Auditing {
  const { db, audit, clock } = deps;
  const recordings = new RecordingsRepo(db);
  return {
    auditDesk: new AuditDesk({
      db,
      calls: new AuditCallsRepo(db),
      decisions: new AuditDecisionsRepo(db),
      recordings,
      service: new ServiceRepo(db),
      users: deps.users,
      audit,
      clock,
    }),
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
