import type { Logger } from 'pino';
import { dueForPurge, retentionCutoff } from './rules/recording-retention.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import type { RecordingRow, RecordingStore } from './recording-store.js';
import type { RecordingStorage } from './recording-storage.js';
import { SYSTEM_ACTOR, type AuditTrail } from '../audit/index.js';

const HOUR_MS = 3_600_000;

export interface RetentionJobDeps {
  db: Kysely<Schema>;
  recordings: RecordingStore;
  audit: AuditTrail;
  /** Where the files are: the recordings folder, or object storage too. */
  storage: RecordingStorage;
  retentionDays: number;
  clock: () => number;
  logger: Logger;
  intervalMs?: number;
}

/**
 * Deletes the media files (and objects) of recordings older than the retention, at start and
 * then every hour. The manifest stays beside where they were and the row stays
 * (`purged`), so the call keeps the hashes of what was recorded; each purge is
 * one audit chain entry. Deleting comes first: a purge cut short is done again
 * on the next run.
 */
export class RetentionJob {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<string[]> | undefined;

  constructor(private readonly deps: RetentionJobDeps) {}

  start(): void {
    void this.runOnce();
    this.#timer = setInterval(() => void this.runOnce(), this.deps.intervalMs ?? HOUR_MS).unref();
  }

  /** One pass; a pass already under way is joined, not doubled. Resolves with the purged calls' ids. */
  runOnce(): Promise<string[]> {
    this.#running ??= this.#pass().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Stops the schedule and waits for a pass under way. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #pass(): Promise<string[]> {
    const now = this.deps.clock();
    const { retentionDays } = this.deps;
    const due = dueForPurge(
      await this.deps.recordings.finishedBefore(retentionCutoff(now, retentionDays)),
      now,
      retentionDays,
    );
    const purged: string[] = [];
    for (const recording of due) {
      try {
        await this.#purge(recording, now);
        purged.push(recording.callId);
      } catch (error) {
        this.deps.logger.error({ err: error, callId: recording.callId }, 'retention purge failed');
      }
    }
    return purged;
  }

  async #purge(recording: RecordingRow, now: number): Promise<void> {
    const { files, bytes } = await this.deps.storage.purge(recording);
    await inTransaction(this.deps.db, async (trx) => {
      await this.deps.recordings.in(trx).purged(recording.callId, now);
      await this.deps.audit.in(trx).write(SYSTEM_ACTOR, 'recording.purged', recording.callId, {
        files,
        bytes,
        startedAt: recording.startedAt,
        retentionDays: this.deps.retentionDays,
        manifestSha256: recording.manifestSha256,
      });
    });
    this.deps.logger.info({ callId: recording.callId, files, bytes }, 'recording purged');
  }
}
