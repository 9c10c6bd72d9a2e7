import { canonicalJson, type JsonValue } from '../../shared/domain/canonical-json.js';
import { chainEntry, type AuditEntry, type AuditFacts } from './rules/audit-entry.js';
import type { Db } from '../platform/database/database.js';

interface AuditRow {
  seq: number;
  at: number;
  actor_id: string | null;
  actor_username: string;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  seq: row.seq,
  at: row.at,
  actor: { userId: row.actor_id, username: row.actor_username },
  action: row.action,
  target: row.target,
  details: JSON.parse(row.details) as { [key: string]: JsonValue },
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** The append-only audit table; each entry is chained to the one before it. */
export class AuditStore {
  readonly #append: (facts: AuditFacts) => AuditEntry;

  constructor(private readonly db: Db) {
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const insert = db.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_username, action, target, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const append = db.transaction((facts: AuditFacts) => {
      const entry = chainEntry(last.get() as { seq: number; hash: string } | undefined, facts);
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
      );
      return entry;
    });
    // IMMEDIATE takes the write lock before reading the head, so two processes
    // on one file cannot both chain onto the same entry. Inside a caller's
    // transaction better-sqlite3 makes it a savepoint of that one.
    this.#append = (facts) => append.immediate(facts);
  }

  /** Numbers, links and stores one entry. */
  append(facts: AuditFacts): AuditEntry {
    return this.#append(facts);
  }

  /** Every entry in seq order, read lazily so a long chain is never held in memory whole. */
  *entries(): Generator<AuditEntry> {
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      yield toEntry(row as AuditRow);
    }
  }
}
