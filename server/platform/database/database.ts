import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqlite } from './sqlite-migrate.js';

export type Db = Database.Database;

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  // A database copied in from elsewhere may be readable by others; its WAL files follow its mode.
  if (file !== ':memory:' && fs.existsSync(file)) fs.chmodSync(file, 0o600);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);
  return db;
}
