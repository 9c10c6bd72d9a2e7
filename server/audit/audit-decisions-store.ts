import type { AuditDecisionView } from '../../shared/contracts/auditor.js';
import type { Db } from '../platform/database/database.js';

interface Stored {
  decision: AuditDecisionView['decision'];
  comment: string;
  by: string;
  decided_at: number;
}

/** One auditor's decision per call; the chain holds who made it too. */
export class AuditDecisionStore {
  constructor(private readonly db: Db) {}

  /** False when the call is decided already: a decision is never replaced. */
  insert(
    callId: string,
    decision: { decision: AuditDecisionView['decision']; comment: string; decidedBy: string; at: number },
  ): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO audit_decisions (call_id, decision, comment, decided_by, decided_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING`,
      )
      .run(callId, decision.decision, decision.comment, decision.decidedBy, decision.at);
    return result.changes === 1;
  }

  /** The decision with the deciding auditor's username. */
  get(callId: string): AuditDecisionView | null {
    const row = this.db
      .prepare(
        `SELECT d.decision, d.comment, COALESCE(u.username, d.decided_by) AS by, d.decided_at
         FROM audit_decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.call_id = ?`,
      )
      .get(callId) as Stored | undefined;
    return row ? { decision: row.decision, comment: row.comment, by: row.by, at: row.decided_at } : null;
  }
}
