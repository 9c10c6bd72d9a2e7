import type { RecordingStore } from '../recording/index.js';
import { SYSTEM_ACTOR, type AuditTrail } from './audit-trail.js';

/**
 * A finished recording's manifest hash, written to the chain: the manifest
 * names every media file's hash, so the chain now vouches for the files too.
 */
export class RecordingAudit {
  constructor(
    private readonly trail: AuditTrail,
    private readonly recordings: Pick<RecordingStore, 'get'>,
  ) {}

  /** After the recorder closed the call's recording (its manifest written, or not). */
  async finished(callId: string): Promise<void> {
    const row = await this.recordings.get(callId);
    if (!row?.manifestSha256) return;
    await this.trail.write(SYSTEM_ACTOR, 'recording.finished', callId, {
      status: row.status,
      manifestSha256: row.manifestSha256,
    });
  }
}
