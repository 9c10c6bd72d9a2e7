import type { Generated } from 'kysely';

/**
 * Every table as the migrations leave it (migrations.ts for SQLite, the ported
 * steps in migrations/ for PostgreSQL), typed as stored: times are epoch
 * milliseconds (number), flags are 0/1 (number), JSON is text, binary is a
 * Buffer (better-sqlite3 and pg both return Buffers). `Generated` marks a
 * column the database fills when an insert leaves it out (a default, or a
 * sequence), so typed inserts may omit it.
 */
export interface Schema {
  users: UsersTable;
  tickets: TicketsTable;
  calls: CallsTable;
  call_tellers: CallTellersTable;
  call_events: CallEventsTable;
  settings: SettingsTable;
  teller_profiles: TellerProfilesTable;
  teller_states: TellerStatesTable;
  offers: OffersTable;
  transfers: TransfersTable;
  vip_customers: VipCustomersTable;
  audit_log: AuditLogTable;
  audit_anchors: AuditAnchorsTable;
  audit_decisions: AuditDecisionsTable;
  service_flows: ServiceFlowsTable;
  call_documents: CallDocumentsTable;
  call_signatures: CallSignaturesTable;
  service_records: ServiceRecordsTable;
  call_ratings: CallRatingsTable;
  face_references: FaceReferencesTable;
  face_references_on_file: FaceReferencesOnFileTable;
  face_checks: FaceChecksTable;
  recordings: RecordingsTable;
  call_wrap_ups: CallWrapUpsTable;
  staff_sessions: StaffSessionsTable;
  staff_mfa: StaffMfaTable;
  api_keys: ApiKeysTable;
  call_chat_messages: CallChatMessagesTable;
  cluster_nodes: ClusterNodesTable;
  leader_epoch: LeaderEpochTable;
}

export type TableName = keyof Schema;

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: 'teller' | 'supervisor' | 'auditor' | 'admin';
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
  must_change_password: Generated<number>;
  failed_logins: Generated<number>;
  locked_at: number | null;
  mfa_required: Generated<number>;
}

export interface TicketsTable {
  id: string;
  full_name: string;
  id_type: string;
  id_number: string;
  birth_date: string | null;
  phone: string;
  service_id: string;
  language: string;
  ui_locale: string;
  status: 'waiting' | 'offered' | 'in_call' | 'ended' | 'left';
  joined_at: number;
  consent_at: number;
  closed_at: number | null;
  priority: Generated<string>;
  mandarin_fallback: Generated<number>;
  answered_at: number | null;
  left_reason: string | null;
  /** The join order (ties of joined_at); null only on PostgreSQL rows older than the column. */
  join_seq: number | null;
}

export interface CallsTable {
  id: string;
  ticket_id: string;
  service_id: string;
  started_at: number;
  ended_at: number | null;
  end_reason: string | null;
  /** The node whose router carries the call; null for calls stored before nodes were told apart. */
  node_id: string | null;
}

export interface CallTellersTable {
  call_id: string;
  teller_id: string;
  joined_at: number;
  left_at: number | null;
}

export interface CallEventsTable {
  seq: Generated<number>;
  call_id: string | null;
  ticket_id: string | null;
  at: number;
  actor: string;
  type: string;
  /** JSON of the event's typed data (shared/contracts/call-events.ts). */
  data: Generated<string>;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface TellerProfilesTable {
  user_id: string;
  /** JSON arrays. */
  skills: string;
  languages: string;
}

export interface TellerStatesTable {
  user_id: string;
  status: 'available' | 'away';
  reason: string | null;
  since: number;
}

export interface OffersTable {
  id: Generated<number>;
  ticket_id: string;
  teller_id: string;
  transfer_id: string | null;
  offered_at: number;
  expires_at: number;
  outcome: 'accepted' | 'declined' | 'expired' | 'withdrawn' | null;
  resolved_at: number | null;
}

export interface TransfersTable {
  id: string;
  call_id: string;
  ticket_id: string;
  from_teller_id: string;
  target_teller_id: string | null;
  target_service_id: string;
  target_language: string;
  reason: string;
  status: 'awaiting_consent' | 'waiting' | 'accepted' | 'refused' | 'cancelled' | 'failed';
  requested_at: number;
  resolved_at: number | null;
}

export interface VipCustomersTable {
  id_type: string;
  id_number: string;
  note: Generated<string>;
  added_by: string;
  added_at: number;
}

export interface AuditLogTable {
  /** Given by the writer (the chain's position), not by the database. */
  seq: number;
  at: number;
  actor_id: string | null;
  actor_username: string;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
  algorithm: Generated<'hmac-sha256' | 'sha256'>;
}

export interface AuditAnchorsTable {
  id: Generated<number>;
  seq: number;
  hash: string;
  at: number;
  kind: 'hmac' | 'tsa';
  seal: string;
}

export interface AuditDecisionsTable {
  call_id: string;
  decision: 'approved' | 'rejected';
  comment: string;
  decided_by: string;
  decided_at: number;
  /** JSON (callOutcomeSchema). */
  seen_outcome: string | null;
}

export interface ServiceFlowsTable {
  call_id: string;
  service_id: string;
  /** JSON of the flow's state. */
  state: string;
  signature_requested_at: number | null;
  updated_at: number;
}

export interface CallDocumentsTable {
  id: string;
  call_id: string;
  sha256: string;
  media_type: string;
  byte_length: number;
  file_name: string | null;
  uploaded_by: string;
  uploaded_at: number;
}

export interface CallSignaturesTable {
  call_id: string;
  summary_hash: string;
  image_sha256: string;
  png: Buffer;
  strokes: string;
  captured_at: number;
}

export interface ServiceRecordsTable {
  call_id: string;
  outcome: string;
  file: string;
  sha256: string;
  created_at: number;
}

export interface CallRatingsTable {
  call_id: string;
  score: number;
  comment: Generated<string>;
  rated_at: number;
}

export interface FaceReferencesTable {
  id: string;
  ticket_id: string;
  call_id: string | null;
  uploaded_by: string;
  file: string;
  mime: string;
  sha256: string;
  descriptor: Buffer;
  stored_at: number;
  source: Generated<'customer' | 'teller' | 'on_file'>;
  descriptor_model: Generated<string>;
  /** The photo itself; null for one stored before photos moved into the database (it is the file). */
  photo: Buffer | null;
}

export interface FaceReferencesOnFileTable {
  id_type: string;
  id_number: string;
  file: string;
  mime: string;
  sha256: string;
  descriptor: Buffer;
  uploaded_by: string;
  stored_at: number;
  descriptor_model: Generated<string>;
  /** As face_references.photo. */
  photo: Buffer | null;
}

export interface FaceChecksTable {
  id: string;
  call_id: string;
  reference_id: string;
  started_by: string;
  started_at: number;
  challenge: string;
  judged_at: number | null;
  outcome: 'pass' | 'fail' | 'review' | null;
  reasons: string | null;
  distance: number | null;
  threshold: number;
  review_band: number;
  frames: string | null;
  thumbnail: Buffer | null;
  decision: 'pass' | 'fail' | null;
  decided_by: string | null;
  decided_at: number | null;
}

export interface RecordingsTable {
  call_id: string;
  folder: string;
  started_at: number;
  status: 'recording' | 'complete' | 'interrupted' | 'purged';
  ended_at: number | null;
  manifest_sha256: string | null;
  purged_at: number | null;
}

export interface CallWrapUpsTable {
  call_id: string;
  teller_id: string;
  started_at: number;
  ended_at: number;
  outcome: string | null;
  note: Generated<string>;
  ended_by: 'teller' | 'time_limit' | 'left';
}

export interface StaffSessionsTable {
  id_hmac: string;
  user_id: string;
  stage: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface StaffMfaTable {
  user_id: string;
  required: Generated<number>;
  secret: string | null;
  pending_secret: string | null;
  enabled_at: number | null;
  /** JSON array of hashed codes. */
  recovery_codes: Generated<string>;
  last_step: number | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** JSON array. */
  scopes: string;
  key_hash: string;
  hint: string;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
}

export interface CallChatMessagesTable {
  seq: Generated<number>;
  id: string;
  call_id: string;
  at: number;
  sender: 'customer' | 'teller' | 'supervisor';
  sender_id: string;
  text: string;
  file_id: string | null;
  file_sha256: string | null;
  file_media_type: string | null;
  file_bytes: number | null;
  file_name: string | null;
}

export interface ClusterNodesTable {
  id: string;
  url: string;
  pid: number;
  leader: number;
  /** 1 while the node drains (SIGTERM): it takes no new call. */
  draining: Generated<number>;
  routers: number;
  live_calls: number;
  cpu_percent: number;
  event_loop_lag_ms: number;
  started_at: number;
  last_seen_at: number;
}

/** One row: the queue leader's fencing epoch, and who was elected under it when. */
export interface LeaderEpochTable {
  id: number;
  epoch: number;
  node_id: string | null;
  elected_at: number | null;
}
