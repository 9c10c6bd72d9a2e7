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
  `
  ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';
  ALTER TABLE tickets ADD COLUMN mandarin_fallback INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tickets ADD COLUMN answered_at INTEGER;
  ALTER TABLE tickets ADD COLUMN left_reason TEXT;
  CREATE INDEX tickets_day ON tickets (joined_at);
  CREATE INDEX calls_day ON calls (started_at);
  CREATE TABLE teller_profiles (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    skills TEXT NOT NULL,
    languages TEXT NOT NULL
  );
  CREATE TABLE teller_states (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('available', 'away')),
    reason TEXT,
    since INTEGER NOT NULL
  );
  CREATE TABLE offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    teller_id TEXT NOT NULL REFERENCES users(id),
    transfer_id TEXT,
    offered_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    outcome TEXT CHECK (outcome IN ('accepted', 'declined', 'expired', 'withdrawn')),
    resolved_at INTEGER
  );
  CREATE INDEX offers_open ON offers (resolved_at, ticket_id);
  CREATE INDEX offers_day ON offers (offered_at);
  CREATE TABLE transfers (
    id TEXT PRIMARY KEY,
    call_id TEXT NOT NULL REFERENCES calls(id),
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    from_teller_id TEXT NOT NULL REFERENCES users(id),
    target_teller_id TEXT REFERENCES users(id),
    target_service_id TEXT NOT NULL,
    target_language TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL
      CHECK (status IN ('awaiting_consent', 'waiting', 'accepted', 'refused', 'cancelled', 'failed')),
    requested_at INTEGER NOT NULL,
    resolved_at INTEGER
  );
  `,
  `
  CREATE TABLE vip_customers (
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    added_by TEXT NOT NULL REFERENCES users(id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (id_type, id_number)
  );
  `,
  // The audit chain (server/domain/audit). The triggers are a first line only:
  // whoever can drop them can edit rows, and the hashes then show it.
  `
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id TEXT,
    actor_username TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
  `
  CREATE TABLE service_flows (
    call_id TEXT PRIMARY KEY REFERENCES calls(id),
    service_id TEXT NOT NULL,
    state TEXT NOT NULL,
    signature_requested_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE call_documents (
    id TEXT PRIMARY KEY,
    call_id TEXT NOT NULL REFERENCES calls(id),
    sha256 TEXT NOT NULL,
    media_type TEXT NOT NULL,
    byte_length INTEGER NOT NULL,
    file_name TEXT,
    uploaded_by TEXT NOT NULL,
    uploaded_at INTEGER NOT NULL
  );
  CREATE TABLE call_signatures (
    call_id TEXT PRIMARY KEY REFERENCES calls(id),
    summary_hash TEXT NOT NULL,
    image_sha256 TEXT NOT NULL,
    png BLOB NOT NULL,
    strokes TEXT NOT NULL,
    captured_at INTEGER NOT NULL
  );
  CREATE TABLE service_records (
    call_id TEXT PRIMARY KEY REFERENCES calls(id),
    outcome TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE call_ratings (
    call_id TEXT PRIMARY KEY REFERENCES calls(id),
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    rated_at INTEGER NOT NULL
  );
  CREATE INDEX call_ratings_day ON call_ratings (rated_at);
  `,
  `
  CREATE TABLE face_references (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES tickets(id),
    call_id TEXT REFERENCES calls(id),
    uploaded_by TEXT NOT NULL,
    file TEXT NOT NULL,
    mime TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    descriptor BLOB NOT NULL,
    stored_at INTEGER NOT NULL
  );
  CREATE INDEX face_references_ticket ON face_references (ticket_id, stored_at);
  CREATE TABLE face_checks (
    id TEXT PRIMARY KEY,
    call_id TEXT NOT NULL REFERENCES calls(id),
    reference_id TEXT NOT NULL REFERENCES face_references(id),
    started_by TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    challenge TEXT NOT NULL,
    judged_at INTEGER,
    outcome TEXT CHECK (outcome IN ('pass', 'fail', 'review')),
    reasons TEXT,
    distance REAL,
    threshold REAL NOT NULL,
    review_band REAL NOT NULL,
    frames TEXT,
    thumbnail BLOB,
    decision TEXT CHECK (decision IN ('pass', 'fail')),
    decided_by TEXT,
    decided_at INTEGER
  );
  CREATE INDEX face_checks_call ON face_checks (call_id, started_at);
  `,
  `
  CREATE TABLE recordings (
    call_id TEXT PRIMARY KEY REFERENCES calls(id),
    folder TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'interrupted', 'purged')),
    ended_at INTEGER,
    manifest_sha256 TEXT,
    purged_at INTEGER
  );
  CREATE INDEX recordings_open ON recordings (status, started_at);
  CREATE TABLE audit_decisions (
    call_id TEXT PRIMARY KEY REFERENCES calls(id),
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    comment TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at INTEGER NOT NULL
  );
  `,
  // Keys live in files of their own now (platform/secrets.ts): a copy of the database holds none.
  `
  DELETE FROM settings WHERE key = 'token_secret';
  `,
  // Who provided each reference photo (face/rules/reference-policy.ts), and the
  // photos the institution keeps on file by ID, registered by its own systems.
  `
  ALTER TABLE face_references ADD COLUMN source TEXT NOT NULL DEFAULT 'customer'
    CHECK (source IN ('customer', 'teller', 'on_file'));
  UPDATE face_references SET source = 'teller' WHERE uploaded_by <> 'customer';
  CREATE TABLE face_references_on_file (
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL,
    file TEXT NOT NULL,
    mime TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    descriptor BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    stored_at INTEGER NOT NULL,
    PRIMARY KEY (id_type, id_number)
  );
  `,
  // What the auditor was shown of the call's outcome when deciding (JSON, callOutcomeSchema).
  `ALTER TABLE audit_decisions ADD COLUMN seen_outcome TEXT;`,
  `
  CREATE TABLE call_wrap_ups (
    call_id TEXT NOT NULL REFERENCES calls(id),
    teller_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER NOT NULL,
    outcome TEXT,
    note TEXT NOT NULL DEFAULT '',
    ended_by TEXT NOT NULL CHECK (ended_by IN ('teller', 'time_limit', 'left')),
    PRIMARY KEY (call_id, teller_id)
  );
  CREATE INDEX call_wrap_ups_teller ON call_wrap_ups (teller_id, started_at);
  `,
  `
  -- Staff sign-in (identity): server-side sessions keyed by an HMAC of the cookie's id, the second
  -- factor. (A one-time password to change at sign-in is the users table's must_change_password.)
  CREATE TABLE staff_sessions (
    id_hmac TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    stage TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_reason TEXT
  );
  CREATE INDEX staff_sessions_user ON staff_sessions (user_id, revoked_at);
  CREATE TABLE staff_mfa (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    required INTEGER NOT NULL DEFAULT 0,
    secret TEXT,
    pending_secret TEXT,
    enabled_at INTEGER,
    recovery_codes TEXT NOT NULL DEFAULT '[]',
    last_step INTEGER
  );
  `,
  // Staff administration (server/identity/admin): an account an administrator disabled, one
  // locked after repeated wrong passwords, a one-time password to be changed at sign-in, the
  // per-teller second-factor setting, and the institution's API keys (stored hashed only).
  `
  ALTER TABLE users ADD COLUMN disabled_at INTEGER;
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN locked_at INTEGER;
  ALTER TABLE users ADD COLUMN mfa_required INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER,
    revoked_by TEXT REFERENCES users(id)
  );
  `,
  // The audit chain keyed (HMAC-SHA256 under SKYTELLER_AUDIT_KEY_FILE's key). Entries
  // written before keep their plain SHA-256 and are marked so; the server seals them
  // with a keyed entry on its next start. Anchors: heads kept outside the database too.
  `
  ALTER TABLE audit_log ADD COLUMN algorithm TEXT NOT NULL DEFAULT 'sha256'
    CHECK (algorithm IN ('hmac-sha256', 'sha256'));
  CREATE TABLE audit_anchors (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hmac', 'tsa')),
    seal TEXT NOT NULL
  );
  CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
    BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only'); END;
  CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
    BEGIN SELECT RAISE(ABORT, 'audit_anchors is append-only'); END;
  `,
  // In-call chat (server/chat): every message, text or file, in the order the server took it.
  // A file's bytes are in the data folder's chat-files/<call>/<file id>; its hash is here.
  `
  CREATE TABLE call_chat_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    call_id TEXT NOT NULL REFERENCES calls(id),
    at INTEGER NOT NULL,
    sender TEXT NOT NULL CHECK (sender IN ('customer', 'teller', 'supervisor')),
    sender_id TEXT NOT NULL,
    text TEXT NOT NULL,
    file_id TEXT UNIQUE,
    file_sha256 TEXT,
    file_media_type TEXT,
    file_bytes INTEGER,
    file_name TEXT
  );
  CREATE INDEX call_chat_messages_call ON call_chat_messages (call_id, seq);
  `,
  // Face check: which model made each stored descriptor (face/engine/descriptor-model.ts).
  // Rows from before were made by face-api's recognition net; they are enrolled again
  // from their photos by the current model before a check uses them.
  `
  ALTER TABLE face_references ADD COLUMN descriptor_model TEXT NOT NULL
    DEFAULT 'face-api-1.7.15/face_recognition';
  ALTER TABLE face_references_on_file ADD COLUMN descriptor_model TEXT NOT NULL
    DEFAULT 'face-api-1.7.15/face_recognition';
  `,
  // Cluster (issue 16): each node's heartbeat. A node writes its own row every few seconds
  // (server/cluster/node-heartbeat.ts) and deletes it when it stops cleanly; a row that
  // stops changing is a node that died. GET /api/cluster lists them.
  `
  CREATE TABLE cluster_nodes (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    pid INTEGER NOT NULL,
    leader INTEGER NOT NULL CHECK (leader IN (0, 1)),
    routers INTEGER NOT NULL,
    live_calls INTEGER NOT NULL,
    cpu_percent REAL NOT NULL,
    event_loop_lag_ms REAL NOT NULL,
    started_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  `,
  // Queue leader (issue 16): the fencing epoch. The node that wins the leader election
  // (server/platform/cluster/) adds one here; a write the leader fences is refused once the
  // epoch it was decided under is no longer the current one. One row, seeded at 0.
  `
  CREATE TABLE leader_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL,
    node_id TEXT,
    elected_at INTEGER
  );
  INSERT INTO leader_epoch (id, epoch) VALUES (1, 0);
  `,
];
