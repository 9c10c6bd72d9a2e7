import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';

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
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): MfaStore {
    return new MfaStore(trx);
  }

  async get(userId: string): Promise<MfaRow> {
    const row = await this.db
      .selectFrom('staff_mfa')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return NONE;
    return {
      secret: row.secret,
      pendingSecret: row.pending_secret,
      enabledAt: row.enabled_at,
      recoveryCodes: JSON.parse(row.recovery_codes) as string[],
      lastStep: row.last_step,
    };
  }

  async setPendingSecret(userId: string, sealed: string): Promise<void> {
    await this.db
      .insertInto('staff_mfa')
      .values({ user_id: userId, pending_secret: sealed })
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ pending_secret: sealed }))
      .execute();
  }

  async enable(
    userId: string,
    sealed: string,
    recoveryCodes: string[],
    step: number,
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('staff_mfa')
      .set({
        secret: sealed,
        pending_secret: null,
        enabled_at: now,
        recovery_codes: JSON.stringify(recoveryCodes),
        last_step: step,
      })
      .where('user_id', '=', userId)
      .execute();
  }

  /**
   * Records the time step of an accepted code; false when that step, or a
   * later one, was accepted already (the same code given on two nodes at once).
   */
  async setLastStep(userId: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_mfa')
      .set({ last_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Removes one recovery code; false when it was not there (used already, by a racing request). */
  async useRecoveryCode(userId: string, hash: string): Promise<boolean> {
    // Compare-and-set on the list as read: of two requests (on any nodes) using one code, one
    // writes and the other finds the list changed, reads it again and no longer finds the code.
    for (;;) {
      const codes = (await this.get(userId)).recoveryCodes;
      if (!codes.includes(hash)) return false;
      const result = await this.db
        .updateTable('staff_mfa')
        .set({ recovery_codes: JSON.stringify(codes.filter((c) => c !== hash)) })
        .where('user_id', '=', userId)
        .where('recovery_codes', '=', JSON.stringify(codes))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return true;
    }
  }

  /** Forgets the enrolled factor; the requirement stays, so the next sign-in enrols again. */
  async reset(userId: string): Promise<void> {
    await this.db
      .updateTable('staff_mfa')
      .set({ secret: null, pending_secret: null, enabled_at: null, recovery_codes: '[]', last_step: null })
      .where('user_id', '=', userId)
      .execute();
  }
}
