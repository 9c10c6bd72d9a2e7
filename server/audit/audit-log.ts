import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { JsonValue } from '../../shared/domain/canonical-json.js';
import type { AuditEntry, EntryAlgorithm } from './rules/audit-entry.js';
import type { AuditAnchor } from './rules/anchor.js';
import type { Schema } from '../platform/database/schema.js';

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

/** Entries read per query while walking the chain: a long chain is never held whole. */
export const ENTRY_PAGE = 500;

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
 * Reads the audit table and its anchors, on SQLite or PostgreSQL. Works on a
 * read-only connection to a database of any age (the verification CLI never
 * migrates), so rows are read whole (`SELECT *`): a database from before the
 * audit key has no `algorithm` column.
 */
export class AuditLog {
  constructor(protected readonly db: Kysely<Schema>) {}

  /**
   * Every entry in seq order, read in keyset pages of `pageSize` (by seq, so a
   * page never skips or repeats an entry whatever is appended meanwhile).
   */
  async *entries(pageSize = ENTRY_PAGE): AsyncGenerator<AuditEntry> {
    let after = 0;
    for (;;) {
      const rows = (await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageSize)
        .execute()) as AuditRow[];
      for (const row of rows) yield toEntry(row);
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.seq;
    }
  }

  /** The last entry, or undefined for an empty chain. */
  async head(): Promise<AuditEntry | undefined> {
    const row = (await this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst()) as AuditRow | undefined;
    return row && toEntry(row);
  }

  /** The anchors kept in the database, oldest first (none before the anchors' migration). */
  async anchors(): Promise<AuditAnchor[]> {
    if (!(await this.#hasAnchorTable())) return [];
    const rows = await this.db.selectFrom('audit_anchors').selectAll().orderBy('id').execute();
    return rows.map(toAnchor);
  }

  /** The latest anchor of a migrated database, or undefined before the first. */
  async lastAnchor(): Promise<AuditAnchor | undefined> {
    const row = await this.db
      .selectFrom('audit_anchors')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toAnchor(row);
  }

  /** Whether the anchors' migration has run: asked of each dialect's own catalogue. */
  async #hasAnchorTable(): Promise<boolean> {
    const postgres = this.db.getExecutor().adapter instanceof PostgresAdapter;
    const found = postgres
      ? sql<{ found: number }>`SELECT 1 AS found WHERE to_regclass('audit_anchors') IS NOT NULL`
      : sql<{
          found: number;
        }>`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchors'`;
    return (await found.execute(this.db)).rows.length > 0;
  }
}
