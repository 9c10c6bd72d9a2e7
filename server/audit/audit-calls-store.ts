import type { AuditDecisionView, RecordingStatus } from '../../shared/contracts/auditor.js';
import type { AuditCallFacts } from './rules/audit-call-row.js';
import { callOutcome } from './rules/call-outcome.js';
import { parseSeenOutcome } from './audit-decisions-store.js';
import type { Db } from '../platform/database/database.js';
import { parseStoredEvent, type StoredEvent, type StoredEventRow } from '../call/index.js';

/** The auditor's search, already checked; times are a half-open window on the call's start. */
export interface AuditCallFilter {
  fromMs: number | null;
  toMs: number | null;
  teller: string | null;
  serviceId: string | null;
  customer: string | null;
  limit: number;
}

interface Stored {
  id: string;
  service_id: string;
  started_at: number;
  ended_at: number | null;
  full_name: string;
  id_number: string;
  recording_status: Exclude<RecordingStatus, 'none'> | null;
  decision: AuditDecisionView['decision'] | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: number | null;
  seen_outcome: string | null;
}

const SELECT = `
  SELECT c.id, c.service_id, c.started_at, c.ended_at, t.full_name, t.id_number,
    r.status AS recording_status, d.decision, d.comment, d.decided_at, d.seen_outcome,
    COALESCE(du.username, d.decided_by) AS decided_by
  FROM calls c
  JOIN tickets t ON t.id = c.ticket_id
  LEFT JOIN recordings r ON r.call_id = c.id
  LEFT JOIN audit_decisions d ON d.call_id = c.id
  LEFT JOIN users du ON du.id = d.decided_by`;

/** `%part%` for LIKE, with LIKE's own wildcards in the text taken literally. */
const containing = (part: string | null) => (part === null ? null : `%${part.replace(/[\\%_]/g, '\\$&')}%`);

/** Calls as the auditor sees them: the call, its customer and tellers, its recording and decision. */
export class AuditCallStore {
  constructor(private readonly db: Db) {}

  /** Newest first. A teller matches by username or part of the display name; a customer by part of the name or the whole ID number. */
  search(filter: AuditCallFilter): AuditCallFacts[] {
    const rows = this.db
      .prepare(
        `${SELECT}
         WHERE (@fromMs IS NULL OR c.started_at >= @fromMs)
           AND (@toMs IS NULL OR c.started_at < @toMs)
           AND (@serviceId IS NULL OR c.service_id = @serviceId)
           AND (@teller IS NULL OR EXISTS (
             SELECT 1 FROM call_tellers ct JOIN users u ON u.id = ct.teller_id
             WHERE ct.call_id = c.id
               AND (u.username = @teller COLLATE NOCASE OR u.display_name LIKE @tellerLike ESCAPE '\\')))
           AND (@customer IS NULL OR t.full_name LIKE @customerLike ESCAPE '\\'
             OR upper(t.id_number) = upper(@customer))
         ORDER BY c.started_at DESC, c.id
         LIMIT @limit`,
      )
      .all({
        ...filter,
        tellerLike: containing(filter.teller),
        customerLike: containing(filter.customer),
      }) as Stored[];
    return rows.map((row) => this.#facts(row));
  }

  find(callId: string): AuditCallFacts | undefined {
    const row = this.db.prepare(`${SELECT} WHERE c.id = ?`).get(callId) as Stored | undefined;
    return row && this.#facts(row);
  }

  /** The call's own timeline from SQLite, for a call whose recording has no manifest. */
  events(callId: string): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT at, type, actor, data FROM call_events WHERE call_id = ? ORDER BY at, seq')
      .all(callId) as StoredEventRow[];
    return rows.map(parseStoredEvent);
  }

  #facts(row: Stored): AuditCallFacts {
    const tellers = this.db
      .prepare(
        `SELECT u.username, u.display_name AS displayName FROM call_tellers ct JOIN users u ON u.id = ct.teller_id
         WHERE ct.call_id = ? GROUP BY u.id ORDER BY MIN(ct.joined_at)`,
      )
      .all(row.id) as { username: string; displayName: string }[];
    return {
      callId: row.id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      serviceId: row.service_id,
      tellers,
      customerName: row.full_name,
      customerIdNumber: row.id_number,
      recordingStatus: row.recording_status ?? 'none',
      outcome: callOutcome(this.events(row.id), row.ended_at !== null),
      decision:
        row.decision === null
          ? null
          : {
              decision: row.decision,
              comment: row.comment ?? '',
              by: row.decided_by ?? '',
              at: row.decided_at ?? 0,
              seenOutcome: parseSeenOutcome(row.seen_outcome),
            },
    };
  }
}
