import type { Db } from '../platform/database/database.js';

export interface TellerProfile {
  skills: string[];
  languages: string[];
}

export type TellerStatus = 'available' | 'away';

/** What each teller can serve, and the status each chose (kept across restarts). */
export class TellerStore {
  constructor(private readonly db: Db) {}

  /** A teller without a profile serves nothing until an administrator gives it skills. */
  profile(userId: string): TellerProfile {
    const row = this.db
      .prepare('SELECT skills, languages FROM teller_profiles WHERE user_id = ?')
      .get(userId) as { skills: string; languages: string } | undefined;
    return row
      ? { skills: JSON.parse(row.skills) as string[], languages: JSON.parse(row.languages) as string[] }
      : { skills: [], languages: [] };
  }

  setProfile(userId: string, profile: TellerProfile): void {
    this.db
      .prepare(
        `INSERT INTO teller_profiles (user_id, skills, languages) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET skills = excluded.skills, languages = excluded.languages`,
      )
      .run(userId, JSON.stringify(profile.skills), JSON.stringify(profile.languages));
  }

  hasProfile(userId: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM teller_profiles WHERE user_id = ?').get(userId);
  }

  status(userId: string): TellerStatus {
    const row = this.db.prepare('SELECT status FROM teller_states WHERE user_id = ?').get(userId) as
      | { status: TellerStatus }
      | undefined;
    return row?.status ?? 'away';
  }

  setStatus(userId: string, status: TellerStatus, reason: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO teller_states (user_id, status, reason, since) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, since = excluded.since`,
      )
      .run(userId, status, reason, at);
  }
}
