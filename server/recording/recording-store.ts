import type { Db } from '../platform/database/database.js';
import type { RecordingStatus } from '../../shared/contracts/auditor.js';

export interface RecordingRow {
  callId: string;
  /** Absolute path of the call's folder (`<recordings>/<yyyy-mm-dd>/<callId>`). */
  folder: string;
  startedAt: number;
  status: Exclude<RecordingStatus, 'none'>;
  endedAt: number | null;
  manifestSha256: string | null;
  purgedAt: number | null;
}

interface Stored {
  call_id: string;
  folder: string;
  started_at: number;
  status: RecordingRow['status'];
  ended_at: number | null;
  manifest_sha256: string | null;
  purged_at: number | null;
}

const fromStored = (r: Stored): RecordingRow => ({
  callId: r.call_id,
  folder: r.folder,
  startedAt: r.started_at,
  status: r.status,
  endedAt: r.ended_at,
  manifestSha256: r.manifest_sha256,
  purgedAt: r.purged_at,
});

/** One row per recorded call: where its files are and how the recording ended. */
export class RecordingStore {
  constructor(private readonly db: Db) {}

  /** Called when recording starts, before any file is written. */
  started(callId: string, folder: string, at: number): void {
    this.db
      .prepare(`INSERT INTO recordings (call_id, folder, started_at, status) VALUES (?, ?, ?, 'recording')`)
      .run(callId, folder, at);
  }

  /** The manifest is written: the recording ends `complete` or `interrupted`. */
  finished(callId: string, status: 'complete' | 'interrupted', manifestSha256: string, at: number): void {
    this.db
      .prepare(
        `UPDATE recordings SET status = ?, manifest_sha256 = ?, ended_at = ? WHERE call_id = ? AND status = 'recording'`,
      )
      .run(status, manifestSha256, at, callId);
  }

  /** The files were deleted by retention; the row and its manifest hash stay. */
  purged(callId: string, at: number): void {
    this.db
      .prepare(`UPDATE recordings SET status = 'purged', purged_at = ? WHERE call_id = ?`)
      .run(at, callId);
  }

  get(callId: string): RecordingRow | undefined {
    const row = this.db.prepare('SELECT * FROM recordings WHERE call_id = ?').get(callId) as
      | Stored
      | undefined;
    return row && fromStored(row);
  }

  /** Recordings a crash left open: on start they are closed as interrupted. */
  unfinished(): RecordingRow[] {
    return (this.db.prepare(`SELECT * FROM recordings WHERE status = 'recording'`).all() as Stored[]).map(
      fromStored,
    );
  }

  /** Finished recordings whose call started before `before`, for retention. */
  finishedBefore(before: number): RecordingRow[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM recordings WHERE status IN ('complete', 'interrupted') AND started_at < ? ORDER BY started_at`,
        )
        .all(before) as Stored[]
    ).map(fromStored);
  }
}
