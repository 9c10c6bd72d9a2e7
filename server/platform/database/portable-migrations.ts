import { sql, type ColumnDefinitionBuilder, type Compilable, type RawBuilder } from 'kysely';
import { rawStatement, type DialectSpelling, type MigrationDb } from './dialect.js';

/**
 * One schema change, written once for both dialects: it returns the statements
 * to run, in order, inside the migration's transaction. They are compiled, not
 * executed, by the step, so the same list runs on better-sqlite3's synchronous
 * connection and on PostgreSQL's asynchronous one.
 */
export type MigrationStep = (db: MigrationDb, d: DialectSpelling) => Compilable[];

/** A column that must hold one of a few words (the SQL list's CHECK ... IN). */
function oneOf(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql.raw(`${column} IN (${values.map((value) => `'${value}'`).join(', ')})`);
}
const notNull = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder => column.notNull();
const references =
  (target: string, required = true) =>
  (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    required ? column.notNull().references(target) : column.references(target);

/**
 * The released migrations (migrations.ts), step for step: PORTABLE_MIGRATIONS[i]
 * makes the schema change MIGRATIONS[i] makes, so both dialects count versions
 * alike. test/integration/database-dialects.test.ts proves the schemas match.
 * Append only, like migrations.ts.
 */
export const PORTABLE_MIGRATIONS: readonly MigrationStep[] = [
  // 1: people, tickets, calls and their timeline.
  (db, d) => [
    db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', notNull)
      .addColumn('role', 'text', (c) =>
        c.notNull().check(oneOf('role', ['teller', 'supervisor', 'auditor', 'admin'])),
      )
      .addColumn('password_hash', 'text', notNull)
      .addColumn('created_at', d.integer, notNull),
    db.schema
      .createTable('tickets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('full_name', 'text', notNull)
      .addColumn('id_type', 'text', notNull)
      .addColumn('id_number', 'text', notNull)
      .addColumn('birth_date', 'text')
      .addColumn('phone', 'text', notNull)
      .addColumn('service_id', 'text', notNull)
      .addColumn('language', 'text', notNull)
      .addColumn('ui_locale', 'text', notNull)
      .addColumn('status', 'text', (c) =>
        c.notNull().check(oneOf('status', ['waiting', 'offered', 'in_call', 'ended', 'left'])),
      )
      .addColumn('joined_at', d.integer, notNull)
      .addColumn('consent_at', d.integer, notNull)
      .addColumn('closed_at', d.integer),
    db.schema.createIndex('tickets_open').on('tickets').columns(['status', 'joined_at']),
    db.schema
      .createTable('calls')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ticket_id', 'text', references('tickets.id'))
      .addColumn('service_id', 'text', notNull)
      .addColumn('started_at', d.integer, notNull)
      .addColumn('ended_at', d.integer)
      .addColumn('end_reason', 'text'),
    db.schema.createIndex('calls_ticket').on('calls').column('ticket_id'),
    db.schema
      .createTable('call_tellers')
      .addColumn('call_id', 'text', references('calls.id'))
      .addColumn('teller_id', 'text', references('users.id'))
      .addColumn('joined_at', d.integer, notNull)
      .addColumn('left_at', d.integer)
      .addPrimaryKeyConstraint('call_tellers_pkey', ['call_id', 'teller_id', 'joined_at']),
    db.schema
      .createTable('call_events')
      .addColumn('seq', d.integer, d.serialKey)
      .addColumn('call_id', 'text')
      .addColumn('ticket_id', 'text')
      .addColumn('at', d.integer, notNull)
      .addColumn('actor', 'text', notNull)
      .addColumn('type', 'text', notNull)
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}')),
    db.schema.createIndex('call_events_call').on('call_events').columns(['call_id', 'seq']),
    db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', notNull),
  ],
  // 2: priorities, teller skills and presence, offers, transfers.
  (db, d) => [
    db.schema.alterTable('tickets').addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal')),
    db.schema
      .alterTable('tickets')
      .addColumn('mandarin_fallback', d.integer, (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('tickets').addColumn('answered_at', d.integer),
    db.schema.alterTable('tickets').addColumn('left_reason', 'text'),
    db.schema.createIndex('tickets_day').on('tickets').column('joined_at'),
    db.schema.createIndex('calls_day').on('calls').column('started_at'),
    db.schema
      .createTable('teller_profiles')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('skills', 'text', notNull)
      .addColumn('languages', 'text', notNull),
    db.schema
      .createTable('teller_states')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['available', 'away'])))
      .addColumn('reason', 'text')
      .addColumn('since', d.integer, notNull),
    db.schema
      .createTable('offers')
      .addColumn('id', d.integer, d.serialKey)
      .addColumn('ticket_id', 'text', references('tickets.id'))
      .addColumn('teller_id', 'text', references('users.id'))
      .addColumn('transfer_id', 'text')
      .addColumn('offered_at', d.integer, notNull)
      .addColumn('expires_at', d.integer, notNull)
      .addColumn('outcome', 'text', (c) =>
        c.check(oneOf('outcome', ['accepted', 'declined', 'expired', 'withdrawn'])),
      )
      .addColumn('resolved_at', d.integer),
    db.schema.createIndex('offers_open').on('offers').columns(['resolved_at', 'ticket_id']),
    db.schema.createIndex('offers_day').on('offers').column('offered_at'),
    db.schema
      .createTable('transfers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('call_id', 'text', references('calls.id'))
      .addColumn('ticket_id', 'text', references('tickets.id'))
      .addColumn('from_teller_id', 'text', references('users.id'))
      .addColumn('target_teller_id', 'text', references('users.id', false))
      .addColumn('target_service_id', 'text', notNull)
      .addColumn('target_language', 'text', notNull)
      .addColumn('reason', 'text', notNull)
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .check(
            oneOf('status', ['awaiting_consent', 'waiting', 'accepted', 'refused', 'cancelled', 'failed']),
          ),
      )
      .addColumn('requested_at', d.integer, notNull)
      .addColumn('resolved_at', d.integer),
  ],
  // 3: VIP customers.
  (db, d) => [
    db.schema
      .createTable('vip_customers')
      .addColumn('id_type', 'text', notNull)
      .addColumn('id_number', 'text', notNull)
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('added_by', 'text', references('users.id'))
      .addColumn('added_at', d.integer, notNull)
      .addPrimaryKeyConstraint('vip_customers_pkey', ['id_type', 'id_number']),
  ],
  // 4: the audit chain; its seq is the chain position the writer gives.
  (db, d) => [
    db.schema
      .createTable('audit_log')
      .addColumn('seq', d.integer, (c) => c.primaryKey())
      .addColumn('at', d.integer, notNull)
      .addColumn('actor_id', 'text')
      .addColumn('actor_username', 'text', notNull)
      .addColumn('action', 'text', notNull)
      .addColumn('target', 'text')
      .addColumn('details', 'text', notNull)
      .addColumn('prev_hash', 'text', notNull)
      .addColumn('hash', 'text', notNull),
    ...d.appendOnly(db, 'audit_log'),
  ],
  // 5: the guided service: flows, documents, signatures, records, ratings.
  (db, d) => [
    db.schema
      .createTable('service_flows')
      .addColumn('call_id', 'text', (c) => c.primaryKey().references('calls.id'))
      .addColumn('service_id', 'text', notNull)
      .addColumn('state', 'text', notNull)
      .addColumn('signature_requested_at', d.integer)
      .addColumn('updated_at', d.integer, notNull),
    db.schema
      .createTable('call_documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('call_id', 'text', references('calls.id'))
      .addColumn('sha256', 'text', notNull)
      .addColumn('media_type', 'text', notNull)
      .addColumn('byte_length', d.integer, notNull)
      .addColumn('file_name', 'text')
      .addColumn('uploaded_by', 'text', notNull)
      .addColumn('uploaded_at', d.integer, notNull),
    db.schema
      .createTable('call_signatures')
      .addColumn('call_id', 'text', (c) => c.primaryKey().references('calls.id'))
      .addColumn('summary_hash', 'text', notNull)
      .addColumn('image_sha256', 'text', notNull)
      .addColumn('png', d.blob, notNull)
      .addColumn('strokes', 'text', notNull)
      .addColumn('captured_at', d.integer, notNull),
    db.schema
      .createTable('service_records')
      .addColumn('call_id', 'text', (c) => c.primaryKey().references('calls.id'))
      .addColumn('outcome', 'text', notNull)
      .addColumn('file', 'text', notNull)
      .addColumn('sha256', 'text', notNull)
      .addColumn('created_at', d.integer, notNull),
    db.schema
      .createTable('call_ratings')
      .addColumn('call_id', 'text', (c) => c.primaryKey().references('calls.id'))
      .addColumn('score', d.integer, (c) => c.notNull().check(sql`score BETWEEN 1 AND 5`))
      .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('rated_at', d.integer, notNull),
    db.schema.createIndex('call_ratings_day').on('call_ratings').column('rated_at'),
  ],
  // 6: face check references and checks.
  (db, d) => [
    db.schema
      .createTable('face_references')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ticket_id', 'text', references('tickets.id'))
      .addColumn('call_id', 'text', references('calls.id', false))
      .addColumn('uploaded_by', 'text', notNull)
      .addColumn('file', 'text', notNull)
      .addColumn('mime', 'text', notNull)
      .addColumn('sha256', 'text', notNull)
      .addColumn('descriptor', d.blob, notNull)
      .addColumn('stored_at', d.integer, notNull),
    db.schema.createIndex('face_references_ticket').on('face_references').columns(['ticket_id', 'stored_at']),
    db.schema
      .createTable('face_checks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('call_id', 'text', references('calls.id'))
      .addColumn('reference_id', 'text', references('face_references.id'))
      .addColumn('started_by', 'text', notNull)
      .addColumn('started_at', d.integer, notNull)
      .addColumn('challenge', 'text', notNull)
      .addColumn('judged_at', d.integer)
      .addColumn('outcome', 'text', (c) => c.check(oneOf('outcome', ['pass', 'fail', 'review'])))
      .addColumn('reasons', 'text')
      .addColumn('distance', d.real)
      .addColumn('threshold', d.real, notNull)
      .addColumn('review_band', d.real, notNull)
      .addColumn('frames', 'text')
      .addColumn('thumbnail', d.blob)
      .addColumn('decision', 'text', (c) => c.check(oneOf('decision', ['pass', 'fail'])))
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', d.integer),
    db.schema.createIndex('face_checks_call').on('face_checks').columns(['call_id', 'started_at']),
  ],
  // 7: recordings and auditors' decisions.
  (db, d) => [
    db.schema
      .createTable('recordings')
      .addColumn('call_id', 'text', (c) => c.primaryKey().references('calls.id'))
      .addColumn('folder', 'text', notNull)
      .addColumn('started_at', d.integer, notNull)
      .addColumn('status', 'text', (c) =>
        c.notNull().check(oneOf('status', ['recording', 'complete', 'interrupted', 'purged'])),
      )
      .addColumn('ended_at', d.integer)
      .addColumn('manifest_sha256', 'text')
      .addColumn('purged_at', d.integer),
    db.schema.createIndex('recordings_open').on('recordings').columns(['status', 'started_at']),
    db.schema
      .createTable('audit_decisions')
      .addColumn('call_id', 'text', (c) => c.primaryKey().references('calls.id'))
      .addColumn('decision', 'text', (c) => c.notNull().check(oneOf('decision', ['approved', 'rejected'])))
      .addColumn('comment', 'text', notNull)
      .addColumn('decided_by', 'text', notNull)
      .addColumn('decided_at', d.integer, notNull),
  ],
  // 8: keys left the database for files of their own (platform/secrets.ts).
  (db) => [db.deleteFrom('settings').where('key', '=', 'token_secret')],
  // 9: who provided each reference photo; the photos kept on file by ID.
  (db, d) => [
    db.schema.alterTable('face_references').addColumn('source', 'text', (c) =>
      c
        .notNull()
        .defaultTo('customer')
        .check(oneOf('source', ['customer', 'teller', 'on_file'])),
    ),
    db.updateTable('face_references').set({ source: 'teller' }).where('uploaded_by', '<>', 'customer'),
    db.schema
      .createTable('face_references_on_file')
      .addColumn('id_type', 'text', notNull)
      .addColumn('id_number', 'text', notNull)
      .addColumn('file', 'text', notNull)
      .addColumn('mime', 'text', notNull)
      .addColumn('sha256', 'text', notNull)
      .addColumn('descriptor', d.blob, notNull)
      .addColumn('uploaded_by', 'text', notNull)
      .addColumn('stored_at', d.integer, notNull)
      .addPrimaryKeyConstraint('face_references_on_file_pkey', ['id_type', 'id_number']),
  ],
  // 10: what the auditor was shown when deciding.
  (db) => [db.schema.alterTable('audit_decisions').addColumn('seen_outcome', 'text')],
  // 11: tellers' wrap-up after a call.
  (db, d) => [
    db.schema
      .createTable('call_wrap_ups')
      .addColumn('call_id', 'text', references('calls.id'))
      .addColumn('teller_id', 'text', notNull)
      .addColumn('started_at', d.integer, notNull)
      .addColumn('ended_at', d.integer, notNull)
      .addColumn('outcome', 'text')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('ended_by', 'text', (c) =>
        c.notNull().check(oneOf('ended_by', ['teller', 'time_limit', 'left'])),
      )
      .addPrimaryKeyConstraint('call_wrap_ups_pkey', ['call_id', 'teller_id']),
    db.schema.createIndex('call_wrap_ups_teller').on('call_wrap_ups').columns(['teller_id', 'started_at']),
  ],
  // 12: staff sessions and second factor.
  (db, d) => [
    db.schema
      .createTable('staff_sessions')
      .addColumn('id_hmac', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', references('users.id'))
      .addColumn('stage', 'text', notNull)
      .addColumn('created_at', d.integer, notNull)
      .addColumn('last_seen_at', d.integer, notNull)
      .addColumn('expires_at', d.integer, notNull)
      .addColumn('revoked_at', d.integer)
      .addColumn('revoked_reason', 'text'),
    db.schema.createIndex('staff_sessions_user').on('staff_sessions').columns(['user_id', 'revoked_at']),
    db.schema
      .createTable('staff_mfa')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('required', d.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('secret', 'text')
      .addColumn('pending_secret', 'text')
      .addColumn('enabled_at', d.integer)
      .addColumn('recovery_codes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('last_step', d.integer),
  ],
  // 13: staff administration and API keys.
  (db, d) => [
    db.schema.alterTable('users').addColumn('disabled_at', d.integer),
    db.schema
      .alterTable('users')
      .addColumn('must_change_password', d.integer, (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('users').addColumn('failed_logins', d.integer, (c) => c.notNull().defaultTo(0)),
    db.schema.alterTable('users').addColumn('locked_at', d.integer),
    db.schema.alterTable('users').addColumn('mfa_required', d.integer, (c) => c.notNull().defaultTo(0)),
    db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', notNull)
      .addColumn('scopes', 'text', notNull)
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('hint', 'text', notNull)
      .addColumn('created_by', 'text', references('users.id'))
      .addColumn('created_at', d.integer, notNull)
      .addColumn('last_used_at', d.integer)
      .addColumn('revoked_at', d.integer)
      .addColumn('revoked_by', 'text', references('users.id', false)),
  ],
  // 14: the keyed audit chain and its anchors.
  (db, d) => [
    db.schema.alterTable('audit_log').addColumn('algorithm', 'text', (c) =>
      c
        .notNull()
        .defaultTo('sha256')
        .check(oneOf('algorithm', ['hmac-sha256', 'sha256'])),
    ),
    db.schema
      .createTable('audit_anchors')
      .addColumn('id', d.integer, d.rowKey)
      .addColumn('seq', d.integer, notNull)
      .addColumn('hash', 'text', notNull)
      .addColumn('at', d.integer, notNull)
      .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['hmac', 'tsa'])))
      .addColumn('seal', 'text', notNull),
    ...d.appendOnly(db, 'audit_anchors'),
  ],
  // 15: in-call chat.
  (db, d) => [
    db.schema
      .createTable('call_chat_messages')
      .addColumn('seq', d.integer, d.serialKey)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('call_id', 'text', references('calls.id'))
      .addColumn('at', d.integer, notNull)
      .addColumn('sender', 'text', (c) =>
        c.notNull().check(oneOf('sender', ['customer', 'teller', 'supervisor'])),
      )
      .addColumn('sender_id', 'text', notNull)
      .addColumn('text', 'text', notNull)
      .addColumn('file_id', 'text', (c) => c.unique())
      .addColumn('file_sha256', 'text')
      .addColumn('file_media_type', 'text')
      .addColumn('file_bytes', d.integer)
      .addColumn('file_name', 'text'),
    db.schema.createIndex('call_chat_messages_call').on('call_chat_messages').columns(['call_id', 'seq']),
  ],
  // 16: which model made each stored face descriptor.
  (db) =>
    ['face_references', 'face_references_on_file'].map((table) =>
      db.schema
        .alterTable(table)
        .addColumn('descriptor_model', 'text', (c) =>
          c.notNull().defaultTo('face-api-1.7.15/face_recognition'),
        ),
    ),
  // 17: each cluster node's heartbeat (server/cluster/).
  (db, d) => [
    db.schema
      .createTable('cluster_nodes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', notNull)
      .addColumn('pid', d.integer, notNull)
      .addColumn('leader', d.integer, (c) => c.notNull().check(sql`leader IN (0, 1)`))
      .addColumn('routers', d.integer, notNull)
      .addColumn('live_calls', d.integer, notNull)
      .addColumn('cpu_percent', d.real, notNull)
      .addColumn('event_loop_lag_ms', d.real, notNull)
      .addColumn('started_at', d.integer, notNull)
      .addColumn('last_seen_at', d.integer, notNull),
  ],
  // 18: the queue leader's fencing epoch, one row.
  (db, d) => [
    db.schema
      .createTable('leader_epoch')
      .addColumn('id', d.integer, (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('epoch', d.integer, notNull)
      .addColumn('node_id', 'text')
      .addColumn('elected_at', d.integer),
    db.insertInto('leader_epoch').values({ id: 1, epoch: 0 }),
  ],
  // 19 (portable only): the tickets' join order in a real column, for restoring the line in order on
  // either dialect (PostgreSQL has no rowid). SQLite's existing tickets take it from their rowid;
  // PostgreSQL held no tickets before this step (the queue's stores wrote SQLite until then).
  (db, d) => [
    db.schema.alterTable('tickets').addColumn('join_seq', d.integer),
    ...(d.name === 'sqlite' ? [rawStatement(db, 'UPDATE tickets SET join_seq = rowid')] : []),
    db.schema.createIndex('tickets_join_seq').on('tickets').column('join_seq'),
  ],
  // 20: face reference photos kept in the row, so every node sharing the database can read them.
  // Null for a photo stored before, which stays a file in the data directory (named by `file`).
  (db, d) =>
    ['face_references', 'face_references_on_file'].map((table) =>
      db.schema.alterTable(table).addColumn('photo', d.blob),
    ),
  // 21: which node's router carries each call, so a node starting up ends only its own calls.
  (db) => [
    db.schema.alterTable('calls').addColumn('node_id', 'text'),
    db.schema.createIndex('calls_open_by_node').on('calls').columns(['ended_at', 'node_id']),
  ],
  // 22: a node stopping (SIGTERM) says so in its heartbeat row: new calls are placed elsewhere.
  (db, d) => [
    db.schema.alterTable('cluster_nodes').addColumn('draining', d.integer, (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`draining IN (0, 1)`),
    ),
  ],
];
