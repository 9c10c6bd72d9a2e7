import { canonicalJson } from '../../shared/domain/canonical-json.js';
import { chainEntry, type AuditEntry, type AuditFacts } from './rules/audit-entry.js';
import type { AuditAnchor } from './rules/anchor.js';
import type { Db } from '../platform/database/database.js';
import { AuditLog } from './audit-log.js';

/** The append-only audit table; each entry is keyed with the audit key and chained to the one before it. */
export class AuditStore extends AuditLog {
  readonly #append: (facts: AuditFacts) => AuditEntry;

  constructor(db: Db, key: Buffer) {
    super(db);
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_username, action, target, details, prev_hash, hash, algorithm)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const append = db.transaction((facts: AuditFacts) => {
      const entry = chainEntry(key, last.get() as { seq: number; hash: string } | undefined, facts);
      insert.run(
        entry.seq,
        entry.at,
        entry.actor.userId,
        entry.actor.username,
        entry.action,
        entry.target,
        canonicalJson(entry.details),
        entry.prevHash,
        entry.hash,
        entry.algorithm,
      );
      return entry;
    });
    // IMMEDIATE takes the write lock before reading the head, so two processes
    // on one file cannot both chain onto the same entry. Inside a caller's
    // transaction better-sqlite3 makes it a savepoint of that one.
    this.#append = (facts) => append.immediate(facts);
  }

  /** Numbers, links, keys and stores one entry. */
  append(facts: AuditFacts): AuditEntry {
    return this.#append(facts);
  }

  addAnchor(anchor: AuditAnchor): void {
    this.db
      .prepare('INSERT INTO audit_anchors (seq, hash, at, kind, seal) VALUES (?, ?, ?, ?, ?)')
      .run(
        anchor.seq,
        anchor.hash,
        anchor.at,
        anchor.kind,
        anchor.kind === 'hmac' ? anchor.mac : anchor.token,
      );
  }
}
