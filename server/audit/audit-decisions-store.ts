import type { Kysely } from 'kysely';
import {
  callOutcomeSchema,
  type AuditDecisionView,
  type CallOutcome,
} from '../../shared/contracts/auditor.js';
import type { Schema } from '../platform/database/schema.js';

/** The outcome stored with a decision; null for one stored before it was kept (or unreadable). */
export function parseSeenOutcome(stored: string | null): CallOutcome | null {
  if (stored === null) return null;
  const parsed = callOutcomeSchema.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : null;
}

/** One auditor's decision per call; the chain holds who made it too. */
export class AuditDecisionStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): AuditDecisionStore {
    return new AuditDecisionStore(trx);
  }

  /** False when the call is decided already: a decision is never replaced. */
  async insert(
    callId: string,
    decision: {
      decision: AuditDecisionView['decision'];
      comment: string;
      decidedBy: string;
      at: number;
      /** What the auditor was shown of the call's outcome when deciding. */
      seenOutcome: CallOutcome | null;
    },
  ): Promise<boolean> {
    const result = await this.db
      .insertInto('audit_decisions')
      .values({
        call_id: callId,
        decision: decision.decision,
        comment: decision.comment,
        decided_by: decision.decidedBy,
        decided_at: decision.at,
        seen_outcome: decision.seenOutcome && JSON.stringify(decision.seenOutcome),
      })
      .onConflict((oc) => oc.column('call_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** The decision with the deciding auditor's username. */
  async get(callId: string): Promise<AuditDecisionView | null> {
    const row = await this.db
      .selectFrom('audit_decisions as d')
      .leftJoin('users as u', 'u.id', 'd.decided_by')
      .select((eb) => [
        'd.decision',
        'd.comment',
        eb.fn.coalesce('u.username', 'd.decided_by').as('by'),
        'd.decided_at',
        'd.seen_outcome',
      ])
      .where('d.call_id', '=', callId)
      .executeTakeFirst();
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
