import type { Kysely, Selectable } from 'kysely';
import type { RecordingsTable, Schema } from '../platform/database/schema.js';
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

const fromStored = (r: Selectable<RecordingsTable>): RecordingRow => ({
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
  constructor(private readonly db: Kysely<Schema>) {}

  /** The same store inside the caller's transaction. */
  in(trx: Kysely<Schema>): RecordingStore {
    return new RecordingStore(trx);
  }

  /** Called when recording starts, before any file is written. */
  async started(callId: string, folder: string, at: number): Promise<void> {
    await this.db
      .insertInto('recordings')
      .values({ call_id: callId, folder, started_at: at, status: 'recording' })
      .execute();
  }

  /** A recording under way goes on in `folder`, on the node that took its call over. */
  async movedTo(callId: string, folder: string): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({ folder })
      .where('call_id', '=', callId)
      .where('status', '=', 'recording')
      .execute();
  }

  /** The manifest is written: the recording ends `complete` or `interrupted`. */
  async finished(
    callId: string,
    status: 'complete' | 'interrupted',
    manifestSha256: string,
    at: number,
  ): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({ status, manifest_sha256: manifestSha256, ended_at: at })
      .where('call_id', '=', callId)
      .where('status', '=', 'recording')
      .execute();
  }

  /** The files were deleted by retention; the row and its manifest hash stay. */
  async purged(callId: string, at: number): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({ status: 'purged', purged_at: at })
      .where('call_id', '=', callId)
      .execute();
  }

  async get(callId: string): Promise<RecordingRow | undefined> {
    const row = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('call_id', '=', callId)
      .executeTakeFirst();
    return row && fromStored(row);
  }

  /** Recordings a crash left open: on start they are closed as interrupted. */
  /** Recordings still marked recording of the calls `nodeId` carries (or carried before nodes were told apart). */
  async unfinished(nodeId: string): Promise<RecordingRow[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('status', '=', 'recording')
      .where('call_id', 'in', (eb) =>
        eb
          .selectFrom('calls')
          .select('id')
          .where((w) => w.or([w('node_id', '=', nodeId), w('node_id', 'is', null)])),
      )
      .orderBy('started_at')
      .orderBy('call_id')
      .execute();
    return rows.map(fromStored);
  }

  /** Finished recordings whose call started before `before`, for retention. */
  async finishedBefore(before: number): Promise<RecordingRow[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('status', 'in', ['complete', 'interrupted'])
      .where('started_at', '<', before)
      .orderBy('started_at')
      .orderBy('call_id')
      .execute();
    return rows.map(fromStored);
  }
}
