import type { Db } from '../platform/database/database.js';

export type WrapUpEnd = 'teller' | 'time_limit' | 'left';

export interface StoredWrapUp {
  callId: string;
  tellerId: string;
  startedAt: number;
  endedAt: number;
  /** Null when the time limit (or the teller leaving) ended it before an outcome was given. */
  outcome: string | null;
  note: string;
  endedBy: WrapUpEnd;
}

/** Each teller's wrap-up of each call it ended: its outcome, note and how long it took. */
export class WrapUpStore {
  constructor(private readonly db: Db) {}

  insert(w: StoredWrapUp): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO call_wrap_ups (call_id, teller_id, started_at, ended_at, outcome, note, ended_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(w.callId, w.tellerId, w.startedAt, w.endedAt, w.outcome, w.note, w.endedBy);
  }

  find(callId: string, tellerId: string): StoredWrapUp | undefined {
    return this.db
      .prepare(
        `SELECT call_id AS callId, teller_id AS tellerId, started_at AS startedAt, ended_at AS endedAt,
                outcome, note, ended_by AS endedBy
         FROM call_wrap_ups WHERE call_id = ? AND teller_id = ?`,
      )
      .get(callId, tellerId) as StoredWrapUp | undefined;
  }
}
