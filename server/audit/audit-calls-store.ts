import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { AuditDecisionView, RecordingStatus } from '../../shared/contracts/auditor.js';
import type { AuditCallFacts } from './rules/audit-call-row.js';
import { callOutcome } from './rules/call-outcome.js';
import { parseSeenOutcome } from './audit-decisions-store.js';
import type { Schema } from '../platform/database/schema.js';
import { parseStoredEvent, type StoredEvent } from '../call/index.js';

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

/** `%part%` for LIKE, with LIKE's own wildcards in the text taken literally. */
const containing = (part: string) => `%${part.replace(/[\\%_]/g, '\\$&')}%`;

/** Calls as the auditor sees them: the call, its customer and tellers, its recording and decision. */
export class AuditCallStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): AuditCallStore {
    return new AuditCallStore(trx);
  }

  /** Newest first. A teller matches by username or part of the display name; a customer by part of the name or the whole ID number. */
  async search(filter: AuditCallFilter): Promise<AuditCallFacts[]> {
    const { teller, customer } = filter;
    const rows = await this.#select()
      .$if(filter.fromMs !== null, (q) => q.where('c.started_at', '>=', filter.fromMs!))
      .$if(filter.toMs !== null, (q) => q.where('c.started_at', '<', filter.toMs!))
      .$if(filter.serviceId !== null, (q) => q.where('c.service_id', '=', filter.serviceId!))
      .$if(teller !== null, (q) =>
        q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('call_tellers as ct')
              .innerJoin('users as u', 'u.id', 'ct.teller_id')
              .select(sql`1`.as('one'))
              .whereRef('ct.call_id', '=', 'c.id')
              .where((eb) =>
                eb.or([
                  eb(eb.fn('lower', ['u.username']), '=', teller!.toLowerCase()),
                  this.#contains(sql.ref('u.display_name'), teller!),
                ]),
              ),
          ),
        ),
      )
      .$if(customer !== null, (q) =>
        q.where((eb) =>
          eb.or([
            this.#contains(sql.ref('t.full_name'), customer!),
            eb(eb.fn('upper', ['t.id_number']), '=', customer!.toUpperCase()),
          ]),
        ),
      )
      .orderBy('c.started_at', 'desc')
      .orderBy('c.id')
      .limit(filter.limit)
      .execute();
    const facts: AuditCallFacts[] = [];
    for (const row of rows) facts.push(await this.#facts(row));
    return facts;
  }

  async find(callId: string): Promise<AuditCallFacts | undefined> {
    const row = await this.#select().where('c.id', '=', callId).executeTakeFirst();
    return row && this.#facts(row);
  }

  /** The call's own timeline from the database, for a call whose recording has no manifest. */
  async events(callId: string): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('call_events')
      .select(['at', 'type', 'actor', 'data'])
      .where('call_id', '=', callId)
      .orderBy('at')
      .orderBy('seq')
      .execute();
    return rows.map(parseStoredEvent);
  }

  #select() {
    return this.db
      .selectFrom('calls as c')
      .innerJoin('tickets as t', 't.id', 'c.ticket_id')
      .leftJoin('recordings as r', 'r.call_id', 'c.id')
      .leftJoin('audit_decisions as d', 'd.call_id', 'c.id')
      .leftJoin('users as du', 'du.id', 'd.decided_by')
      .select((eb) => [
        'c.id',
        'c.service_id',
        'c.started_at',
        'c.ended_at',
        't.full_name',
        't.id_number',
        'r.status as recording_status',
        'd.decision',
        'd.comment',
        'd.decided_at',
        'd.seen_outcome',
        eb.fn.coalesce('du.username', 'd.decided_by').as('decided_by'),
      ]);
  }

  /**
   * Whether `column` contains `part`, ignoring case: SQLite's LIKE already
   * does (for ASCII), PostgreSQL's does not, its ILIKE does. Backslash escapes
   * the wildcards on both (SQLite has no default escape character).
   */
  #contains(column: Expression<string>, part: string): Expression<SqlBool> {
    const like = this.db.getExecutor().adapter instanceof PostgresAdapter ? sql`ILIKE` : sql`LIKE`;
    return sql<SqlBool>`${column} ${like} ${containing(part)} ESCAPE '\\'`;
  }

  async #facts(row: Stored): Promise<AuditCallFacts> {
    const tellers = await this.db
      .selectFrom('call_tellers as ct')
      .innerJoin('users as u', 'u.id', 'ct.teller_id')
      .select(['u.username', 'u.display_name as displayName'])
      .where('ct.call_id', '=', row.id)
      // users.id is the key, so its other columns may be selected grouped by it on both dialects.
      .groupBy('u.id')
      .orderBy((eb) => eb.fn.min('ct.joined_at'))
      .execute();
    return {
      callId: row.id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      serviceId: row.service_id,
      tellers,
      customerName: row.full_name,
      customerIdNumber: row.id_number,
      recordingStatus: row.recording_status ?? 'none',
      outcome: callOutcome(await this.events(row.id), row.ended_at !== null),
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
