import type { Db } from '../platform/database/database.js';

export interface MfaRow {
  required: boolean;
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
  required: number;
  secret: string | null;
  pending_secret: string | null;
  enabled_at: number | null;
  recovery_codes: string;
  last_step: number | null;
}

const NONE: MfaRow = {
  required: false,
  secret: null,
  pendingSecret: null,
  enabledAt: null,
  recoveryCodes: [],
  lastStep: null,
};

/** The staff_mfa table: one row per person who has, or must have, a second factor. */
export class MfaStore {
  constructor(private readonly db: Db) {}

  get(userId: string): MfaRow {
    const row = this.db.prepare('SELECT * FROM staff_mfa WHERE user_id = ?').get(userId) as Row | undefined;
    if (!row) return NONE;
    return {
      required: row.required === 1,
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

  setRequired(userId: string, required: boolean): void {
    this.#ensure(userId);
    this.db.prepare('UPDATE staff_mfa SET required = ? WHERE user_id = ?').run(required ? 1 : 0, userId);
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
