import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';

export interface TellerProfile {
  skills: string[];
  languages: string[];
}

export type TellerStatus = 'available' | 'away';

/** What each teller can serve, and the status each chose (kept across restarts). */
export class TellerStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): TellerStore {
    return new TellerStore(trx);
  }

  /** A teller without a profile serves nothing until an administrator gives it skills. */
  async profile(userId: string): Promise<TellerProfile> {
    const row = await this.db
      .selectFrom('teller_profiles')
      .select(['skills', 'languages'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row
      ? { skills: JSON.parse(row.skills) as string[], languages: JSON.parse(row.languages) as string[] }
      : { skills: [], languages: [] };
  }

  async setProfile(userId: string, profile: TellerProfile): Promise<void> {
    const lists = { skills: JSON.stringify(profile.skills), languages: JSON.stringify(profile.languages) };
    await this.db
      .insertInto('teller_profiles')
      .values({ user_id: userId, ...lists })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet(lists))
      .execute();
  }

  async hasProfile(userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('teller_profiles')
      .select('user_id')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async status(userId: string): Promise<TellerStatus> {
    const row = await this.db
      .selectFrom('teller_states')
      .select('status')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.status ?? 'away';
  }

  async setStatus(userId: string, status: TellerStatus, reason: string, at: number): Promise<void> {
    const state = { status, reason, since: at };
    await this.db
      .insertInto('teller_states')
      .values({ user_id: userId, ...state })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet(state))
      .execute();
  }
}
