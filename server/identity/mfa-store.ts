import type { Db } from '../platform/database/database.js';

export interface MfaRow {
  /** Sealed (secret-box.ts) authenticator key once enrolled. */
  secret: string | null;
  /** Sealed key shown at enrolment, until a code from it confirms it. */
  pendingSecret: string | null;
  enabledAt: number | null;
  /** HMACs of the unused recovery codes. */
  recoveryCodes: string[];
  /** The last time step whose code was accepted: a code is good once. */
  lastStep: number | null;
}

interface Row {
  secret: string | null;
  pending_secret: string | null;
  enabled_at: number | null;
  recovery_codes: string;
  last_step: number | null;
}

const NONE: MfaRow = {
  secret: null,
  pendingSecret: null,
  enabledAt: null,
  recoveryCodes: [],
  lastStep: null,
};

/**
 * The staff_mfa table: one row per person who has a second factor. Whether a teller must
 * have one is the account's setting (users.mfa_required); the table's old `required`
 * column is no longer read.
 */
export class MfaStore {
  constructor(private readonly db: Db) {}

  get(userId: string): MfaRow {
    const row = this.db.prepare('SELECT * FROM staff_mfa WHERE user_id = ?').get(userId) as Row | undefined;
    if (!row) return NONE;
    return {
      secret: row.secret,
      pendingSecret: row.pending_secret,
      enabledAt: row.enabled_at,
      recoveryCodes: JSON.parse(row.recovery_codes) as string[],
      lastStep: row.last_step,
    };
  }

  #ensure(userId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO staff_mfa (user_id) VALUES (?)').run(userId);
  }

  setPendingSecret(userId: string, sealed: string): void {
    this.#ensure(userId);
    this.db.prepare('UPDATE staff_mfa SET pending_secret = ? WHERE user_id = ?').run(sealed, userId);
  }

  enable(userId: string, sealed: string, recoveryCodes: string[], step: number, now: number): void {
    this.db
      .prepare(
        `UPDATE staff_mfa SET secret = ?, pending_secret = NULL, enabled_at = ?, recovery_codes = ?, last_step = ?
         WHERE user_id = ?`,
      )
      .run(sealed, now, JSON.stringify(recoveryCodes), step, userId);
  }

  setLastStep(userId: string, step: number): void {
    this.db.prepare('UPDATE staff_mfa SET last_step = ? WHERE user_id = ?').run(step, userId);
  }

  /** Removes one recovery code; false when it was not there (used already, by a racing request). */
  useRecoveryCode(userId: string, hash: string): boolean {
    return this.db.transaction(() => {
      const codes = this.get(userId).recoveryCodes;
      if (!codes.includes(hash)) return false;
      this.db
        .prepare('UPDATE staff_mfa SET recovery_codes = ? WHERE user_id = ?')
        .run(JSON.stringify(codes.filter((c) => c !== hash)), userId);
      return true;
    })();
  }

  /** Forgets the enrolled factor; the requirement stays, so the next sign-in enrols again. */
  reset(userId: string): void {
    this.db
      .prepare(
        `UPDATE staff_mfa SET secret = NULL, pending_secret = NULL, enabled_at = NULL, recovery_codes = '[]',
         last_step = NULL WHERE user_id = ?`,
      )
      .run(userId);
  }
}
