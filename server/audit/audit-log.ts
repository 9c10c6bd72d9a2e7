import type { JsonValue } from '../../shared/domain/canonical-json.js';
import type { AuditEntry, EntryAlgorithm } from './rules/audit-entry.js';
import type { AuditAnchor } from './rules/anchor.js';
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
  /** Absent in a database the server has not migrated since the audit key: all its entries are unkeyed. */
  algorithm?: EntryAlgorithm;
}

interface AnchorRow {
  seq: number;
  hash: string;
  at: number;
  kind: AuditAnchor['kind'];
  seal: string;
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
  algorithm: row.algorithm ?? 'sha256',
});

const toAnchor = (row: AnchorRow): AuditAnchor =>
  row.kind === 'hmac'
    ? { kind: 'hmac', seq: row.seq, hash: row.hash, at: row.at, mac: row.seal }
    : { kind: 'tsa', seq: row.seq, hash: row.hash, at: row.at, token: row.seal };

/**
 * Reads the audit table and its anchors. Works on a read-only connection to a
 * database of any age (the verification CLI never migrates).
 */
export class AuditLog {
  constructor(protected readonly db: Db) {}

  /** Every entry in seq order, read lazily so a long chain is never held in memory whole. */
  *entries(): Generator<AuditEntry> {
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      yield toEntry(row as AuditRow);
    }
  }

  /** The last entry, or undefined for an empty chain. */
  head(): AuditEntry | undefined {
    const row = this.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    return row ? toEntry(row as AuditRow) : undefined;
  }

  /** The anchors kept in the database, oldest first (none before the anchors' migration). */
  anchors(): AuditAnchor[] {
    const table = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchors'")
      .get();
    if (!table) return [];
    return (this.db.prepare('SELECT * FROM audit_anchors ORDER BY id').all() as AnchorRow[]).map(toAnchor);
  }
}
