import {
  callOutcomeSchema,
  type AuditDecisionView,
  type CallOutcome,
} from '../../shared/contracts/auditor.js';
import type { Db } from '../platform/database/database.js';

interface Stored {
  decision: AuditDecisionView['decision'];
  comment: string;
  by: string;
  decided_at: number;
  seen_outcome: string | null;
}

/** The outcome stored with a decision; null for one stored before it was kept (or unreadable). */
export function parseSeenOutcome(stored: string | null): CallOutcome | null {
  if (stored === null) return null;
  const parsed = callOutcomeSchema.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : null;
}

/** One auditor's decision per call; the chain holds who made it too. */
export class AuditDecisionStore {
  constructor(private readonly db: Db) {}

  /** False when the call is decided already: a decision is never replaced. */
  insert(
    callId: string,
    decision: {
      decision: AuditDecisionView['decision'];
      comment: string;
      decidedBy: string;
      at: number;
      /** What the auditor was shown of the call's outcome when deciding. */
      seenOutcome: CallOutcome | null;
    },
  ): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO audit_decisions (call_id, decision, comment, decided_by, decided_at, seen_outcome)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING`,
      )
      .run(
        callId,
        decision.decision,
        decision.comment,
        decision.decidedBy,
        decision.at,
        decision.seenOutcome && JSON.stringify(decision.seenOutcome),
      );
    return result.changes === 1;
  }

  /** The decision with the deciding auditor's username. */
  get(callId: string): AuditDecisionView | null {
    const row = this.db
      .prepare(
        `SELECT d.decision, d.comment, COALESCE(u.username, d.decided_by) AS by, d.decided_at, d.seen_outcome
         FROM audit_decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.call_id = ?`,
      )
      .get(callId) as Stored | undefined;
    return row
      ? {
          decision: row.decision,
          comment: row.comment,
          by: row.by,
          at: row.decided_at,
          seenOutcome: parseSeenOutcome(row.seen_outcome),
        }
      : null;
  }
}
