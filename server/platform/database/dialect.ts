import { sql, type ColumnDefinitionBuilder, type Compilable, type Kysely } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What a migration step sees. Steps describe schema *history*, so they must not
 * depend on today's typed Schema (a later step may rename what an earlier one
 * made): they get an untyped database.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: history is untyped
export type MigrationDb = Kysely<any>;

/**
 * The few places where SQLite and PostgreSQL spell the same schema differently.
 * Everything else in a step is written once with Kysely's schema builder.
 */
export interface DialectSpelling {
  readonly name: DialectName;
  /** Epoch milliseconds, counts, 0/1 flags. SQLite's INTEGER is 64-bit; PostgreSQL's integer is 32-bit, so bigint. */
  readonly integer: 'integer' | 'bigint';
  readonly real: 'real' | 'double precision';
  readonly blob: 'blob' | 'bytea';
  /** A key the database numbers and never reuses: SQLite's AUTOINCREMENT, PostgreSQL's identity. */
  serialKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** SQLite's INTEGER PRIMARY KEY (the rowid: numbered when left out), PostgreSQL's identity. */
  rowKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Statements that make a table refuse UPDATE and DELETE (a first line only: the hash chain is the proof). */
  appendOnly(db: MigrationDb, table: string): Compilable[];
}

/** Raw SQL as a step statement (triggers and functions have no builder). */
export function rawStatement(db: MigrationDb, text: string): Compilable {
  return { compile: () => sql.raw(text).compile(db) };
}

const SQLITE: DialectSpelling = {
  name: 'sqlite',
  integer: 'integer',
  real: 'real',
  blob: 'blob',
  serialKey: (column) => column.primaryKey().autoIncrement(),
  rowKey: (column) => column.primaryKey(),
  appendOnly: (db, table) =>
    ['UPDATE', 'DELETE'].map((verb) =>
      rawStatement(
        db,
        `CREATE TRIGGER ${table}_no_${verb.toLowerCase()} BEFORE ${verb} ON ${table}
           BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
      ),
    ),
};

const POSTGRES: DialectSpelling = {
  name: 'postgres',
  integer: 'bigint',
  real: 'double precision',
  blob: 'bytea',
  serialKey: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
  rowKey: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
  appendOnly: (db, table) => [
    rawStatement(
      db,
      `CREATE OR REPLACE FUNCTION skyteller_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
    ),
    ...['UPDATE', 'DELETE'].map((verb) =>
      rawStatement(
        db,
        `CREATE TRIGGER ${table}_no_${verb.toLowerCase()} BEFORE ${verb} ON ${table}
           FOR EACH ROW EXECUTE FUNCTION skyteller_append_only()`,
      ),
    ),
    // PostgreSQL can also empty a table wholesale; SQLite has no TRUNCATE to guard.
    rawStatement(
      db,
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION skyteller_append_only()`,
    ),
  ],
};

export function dialectSpelling(name: DialectName): DialectSpelling {
  return name === 'sqlite' ? SQLITE : POSTGRES;
}
