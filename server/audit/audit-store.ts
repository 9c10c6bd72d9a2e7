import type { Kysely } from 'kysely';
import { canonicalJson } from '../../shared/domain/canonical-json.js';
import { chainEntry, type AuditEntry, type AuditFacts } from './rules/audit-entry.js';
import type { AuditAnchor } from './rules/anchor.js';
import { LOCK_KEYS } from '../platform/database/lock-keys.js';
import type { Schema } from '../platform/database/schema.js';
import { serialised } from '../platform/database/serialised.js';
import { AuditLog } from './audit-log.js';

/** The append-only audit table; each entry is keyed with the audit key and chained to the one before it. */
export class AuditStore extends AuditLog {
  constructor(
    db: Kysely<Schema>,
    private readonly key: Buffer,
  ) {
    super(db);
  }

  /** The same table inside the caller's transaction: an entry commits or rolls back with its cause. */
  in(trx: Kysely<Schema>): AuditStore {
    return new AuditStore(trx, this.key);
  }

  /**
   * Numbers, links, keys and stores one entry. Reading the head and inserting
   * after it hold the chain's lock (serialised: an advisory lock on
   * PostgreSQL, SQLite's write lock), so two writers, on one node or several,
   * never both chain onto the same entry. Inside a caller's transaction the
   * lock is held until that transaction ends.
   */
  append(facts: AuditFacts): Promise<AuditEntry> {
    return serialised(this.db, LOCK_KEYS.auditChain, async (trx) => {
      const last = await trx
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const entry = chainEntry(this.key, last, facts);
      await trx
        .insertInto('audit_log')
        .values({
          seq: entry.seq,
          at: entry.at,
          actor_id: entry.actor.userId,
          actor_username: entry.actor.username,
          action: entry.action,
          target: entry.target,
          details: canonicalJson(entry.details),
          prev_hash: entry.prevHash,
          hash: entry.hash,
          algorithm: entry.algorithm,
        })
        .execute();
      return entry;
    });
  }

  async addAnchor(anchor: AuditAnchor): Promise<void> {
    await this.db
      .insertInto('audit_anchors')
      .values({
        seq: anchor.seq,
        hash: anchor.hash,
        at: anchor.at,
        kind: anchor.kind,
        seal: anchor.kind === 'hmac' ? anchor.mac : anchor.token,
      })
      .execute();
  }
}
