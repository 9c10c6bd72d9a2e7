/**
 * Schema migrations, applied in order; PRAGMA user_version records how many ran.
 * Append only: a released migration is never edited.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('teller', 'supervisor', 'auditor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL,
    birth_date TEXT,
    phone TEXT NOT NULL,
    service_id TEXT NOT NULL,
    language TEXT NOT NULL,
    ui_locale TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'in_call', 'ended', 'left')),
    joined_at INTEGER NOT NULL,
    consent_at INTEGER NOT NULL,
    closed_at INTEGER
  );
  CREATE INDEX tickets_open ON tickets (status, joined_at);
  CREATE TABLE calls (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    service_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    end_reason TEXT
  );
  CREATE INDEX calls_ticket ON calls (ticket_id);
  CREATE TABLE call_tellers (
    call_id TEXT NOT NULL REFERENCES calls(id),
    teller_id TEXT NOT NULL REFERENCES users(id),
    joined_at INTEGER NOT NULL,
    left_at INTEGER,
    PRIMARY KEY (call_id, teller_id, joined_at)
  );
  CREATE TABLE call_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id TEXT,
    ticket_id TEXT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX call_events_call ON call_events (call_id, seq);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
];
