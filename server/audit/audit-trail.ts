import type { Kysely } from 'kysely';
import type { JsonValue } from '../../shared/domain/canonical-json.js';
import type { AuditActor, AuditEntry } from './rules/audit-entry.js';
import type { AuditAction } from './rules/audit-actions.js';
import type { AuditStore } from './audit-store.js';
import type { Schema } from '../platform/database/schema.js';

export const SYSTEM_ACTOR: AuditActor = { userId: null, username: 'system' };

/** A staff user as the chain names it. */
export const actorOf = (user: { id: string; username: string }): AuditActor => ({
  userId: user.id,
  username: user.username,
});

/**
 * Where staff actions are written: one call per action, stamped with the server
 * clock. Verification is the ChainVerifier's, off the main thread.
 */
export class AuditTrail {
  constructor(
    private readonly repo: AuditStore,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The trail writing inside the caller's transaction: the entry commits (or not) with the action it records. */
  in(trx: Kysely<Schema>): AuditTrail {
    return new AuditTrail(this.repo.in(trx), this.clock);
  }

  write(
    actor: AuditActor,
    action: AuditAction,
    target: string | null,
    details: { [key: string]: JsonValue } = {},
  ): Promise<AuditEntry> {
    return this.repo.append({ at: this.clock(), actor, action, target, details });
  }
}
