import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { MigrationDb } from '../../server/platform/database/dialect.js';

/**
 * What must be the same about a schema on SQLite and on PostgreSQL for the
 * stores to work alike on both: tables, columns (kind, nullability, default
 * or not, in order), keys, indexes, references, append-only triggers. Types
 * are compared by kind, since each dialect spells them its own way
 * (INTEGER/bigint, REAL/double precision, BLOB/bytea).
 */
export type SchemaShape = Record<string, TableShape>;

export interface TableShape {
  columns: { name: string; kind: string; nullable: boolean; hasDefault: boolean }[];
  primaryKey: string[];
  uniques: string[][];
  indexes: { name: string; columns: string[]; unique: boolean }[];
  references: string[];
  triggers: string[];
}

const KIND: Record<string, string> = {
  integer: 'integer',
  bigint: 'integer',
  text: 'text',
  real: 'real',
  'double precision': 'real',
  blob: 'blob',
  bytea: 'blob',
};

function kindOf(type: string): string {
  const kind = KIND[type.toLowerCase()];
  if (!kind) throw new Error(`no kind for column type ${type}`);
  return kind;
}

const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);

export function sqliteShape(db: Database.Database): SchemaShape {
  const all = <T>(text: string, ...params: unknown[]): T[] => db.prepare(text).all(...params) as T[];
  const tables = all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const shape: SchemaShape = {};
  for (const { name: table } of tables) {
    const columns = all<{ name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>(
      'SELECT * FROM pragma_table_info(?) ORDER BY cid',
      table,
    );
    const indexList = all<{ name: string; unique: number; origin: string }>(
      'SELECT * FROM pragma_index_list(?)',
      table,
    );
    const indexColumns = (index: string): string[] =>
      all<{ name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno', index).map((c) => c.name);
    shape[table] = {
      columns: columns.map((c) => ({
        name: c.name,
        kind: kindOf(c.type),
        // SQLite lets a non-INTEGER primary key hold NULL (a historical quirk); no store writes one,
        // and PostgreSQL refuses it, so a key column counts as NOT NULL.
        nullable: c.notnull === 0 && c.pk === 0,
        hasDefault: c.dflt_value !== null,
      })),
      primaryKey: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      uniques: indexList
        .filter((i) => i.origin === 'u')
        .map((i) => indexColumns(i.name))
        .sort(),
      indexes: indexList
        .filter((i) => i.origin === 'c')
        .map((i) => ({ name: i.name, columns: indexColumns(i.name), unique: i.unique === 1 }))
        .sort(byName),
      references: all<{ from: string; table: string; to: string }>(
        'SELECT * FROM pragma_foreign_key_list(?)',
        table,
      )
        .map((f) => `${f.from}->${f.table}.${f.to}`)
        .sort(),
      triggers: all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
        table,
      ).map((t) => t.name),
    };
  }
  return shape;
}

/** The shape of PostgreSQL's current schema; schema_version, the migrations' own bookkeeping, is left out. */
export async function postgresShape(db: MigrationDb): Promise<SchemaShape> {
  const rows = async <T>(query: ReturnType<typeof sql<T>>): Promise<T[]> => (await query.execute(db)).rows;
  const tables = await rows<{ name: string }>(sql`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name <> 'schema_version' ORDER BY table_name`);
  const shape: SchemaShape = {};
  for (const { name: table } of tables) {
    const columns = await rows<{ name: string; type: string; nullable: string; default: string | null }>(sql`
      SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS default
      FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`);
    const indexes = await rows<{
      name: string;
      primary: boolean;
      unique: boolean;
      columns: string[];
      constraint: boolean;
    }>(sql`
      SELECT ic.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique,
        ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
        EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid) AS constraint
      FROM pg_index ix
      JOIN pg_class ic ON ic.oid = ix.indexrelid
      JOIN pg_class t ON t.oid = ix.indrelid
      WHERE t.relname = ${table} AND t.relnamespace = current_schema()::regnamespace`);
    const references = await rows<{ ref: string }>(sql`
      SELECT a.attname || '->' || rt.relname || '.' || ra.attname AS ref
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_class rt ON rt.oid = c.confrelid
      JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND t.relname = ${table} AND t.relnamespace = current_schema()::regnamespace`);
    // PostgreSQL alone can TRUNCATE, so it alone has a trigger against it.
    const triggers = await rows<{ name: string }>(sql`
      SELECT tgname AS name FROM pg_trigger
      WHERE tgrelid = ${table}::regclass AND NOT tgisinternal AND tgname NOT LIKE '%\_no\_truncate'
      ORDER BY tgname`);
    const primary = indexes.find((i) => i.primary);
    shape[table] = {
      columns: columns.map((c) => ({
        name: c.name,
        kind: kindOf(c.type),
        nullable: c.nullable === 'YES',
        hasDefault: c.default !== null,
      })),
      primaryKey: primary?.columns ?? [],
      uniques: indexes
        .filter((i) => i.unique && i.constraint && !i.primary)
        .map((i) => i.columns)
        .sort(),
      indexes: indexes
        .filter((i) => !i.constraint)
        .map((i) => ({ name: i.name, columns: i.columns, unique: i.unique }))
        .sort(byName),
      references: references.map((r) => r.ref).sort(),
      triggers: triggers.map((t) => t.name),
    };
  }
  return shape;
}
