import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';

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
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): WrapUpStore {
    return new WrapUpStore(trx);
  }

  /** A second wrap-up of the same call by the same teller replaces the first. */
  async insert(w: StoredWrapUp): Promise<void> {
    const replaced = {
      started_at: w.startedAt,
      ended_at: w.endedAt,
      outcome: w.outcome,
      note: w.note,
      ended_by: w.endedBy,
    };
    await this.db
      .insertInto('call_wrap_ups')
      .values({ call_id: w.callId, teller_id: w.tellerId, ...replaced })
      .onConflict((conflict) => conflict.columns(['call_id', 'teller_id']).doUpdateSet(replaced))
      .execute();
  }

  async find(callId: string, tellerId: string): Promise<StoredWrapUp | undefined> {
    return this.db
      .selectFrom('call_wrap_ups')
      .select([
        'call_id as callId',
        'teller_id as tellerId',
        'started_at as startedAt',
        'ended_at as endedAt',
        'outcome',
        'note',
        'ended_by as endedBy',
      ])
      .where('call_id', '=', callId)
      .where('teller_id', '=', tellerId)
      .executeTakeFirst();
  }
}
