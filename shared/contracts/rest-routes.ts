import { z } from 'zod';
import type { SERVICE_LANGUAGES } from '../catalog/languages.js';
import type { SERVICES } from '../catalog/services.js';
import type { DocumentReference } from '../catalog/field-schema.js';
import {
  auditDecisionSchema,
  callSearchSchema,
  type AuditCallDetail,
  type AuditCallRow,
  type AuditDecisionView,
  type AuditVerifyResult,
  type ChainVerdict,
} from './auditor.js';
import {
  createStaffAccountSchema,
  editStaffAccountSchema,
  issueApiKeySchema,
  type ApiKeyView,
  type IssuedApiKey,
  type OneTimePasswordReply,
  type StaffAccountView,
} from './admin.js';
import {
  changePasswordRequestSchema,
  loginRequestSchema,
  secondFactorRequestSchema,
  type EnrolmentConfirmed,
  type LoginResponse,
  type SecondFactorEnrolment,
  type StaffUser,
} from './auth.js';
import { MAX_REFERENCE_PHOTO_BYTES, type FaceReferenceView } from './face-events.js';
import type { RecordVerification } from './record-verification.js';
import type { CallHistoryView } from './call-history.js';
import { CHAT_FILE_CEILING_BYTES, type ChatMessageView } from './chat.js';
import type { ClusterPlacement, ClusterView } from './cluster.js';
import { bytesReply, emptyReply, jsonReply, route, type RawBody } from './rest.js';
import { serviceRequests } from './service-events.js';
import { createTicketRequestSchema, type CreateTicketResponse } from './ticket.js';
import { vipCustomerSchema } from './vip.js';

/**
 * GET /healthz: 200 'ok', or 503 'degraded' while no media worker runs, or 503 'draining' while the
 * node stops (SIGTERM: the load balancer sends it nobody new); the rest is for operators.
 */
export interface HealthView {
  status: 'ok' | 'degraded' | 'draining';
  workers: number;
  routers: number;
  /** The running Node (`process.version`) and the mediasoup library, for operators checking a deployment. */
  nodeVersion: string;
  mediasoupVersion: string;
  // Cluster (issue 16): which node answered, and what it holds.
  /** SKYTELLER_NODE_ID. */
  nodeId: string;
  /** The node's Node process. */
  pid: number;
  /** Whether this node decides offers; false until the queue's leader election lands. */
  leader: boolean;
  /** Stopping (SIGTERM; README, "Deployment"). */
  draining: boolean;
}

const MB = 1024 * 1024;

/** A reference photo: any declared type, since the server judges the image by its bytes. */
const referencePhoto: RawBody = { kind: 'raw', contentType: '*', maxBytes: MAX_REFERENCE_PHOTO_BYTES };

/**
 * Every REST route the server has. The server binds each one through
 * server/platform/http/route-binder.ts, which validates the request against it;
 * the pages call them through client/common/api.ts. A test checks that the
 * server registers exactly these.
 */
export const restRoutes = {
  // ---- platform ----------------------------------------------------------
  health: route('get', '/healthz', { reply: jsonReply<HealthView>() }),
  /** Prometheus text. */
  metrics: route('get', '/metrics', { reply: bytesReply('text/plain') }),
  /** The nodes of the deployment, with their load: supervisors and admins. */
  cluster: route('get', '/api/cluster', { reply: jsonReply<ClusterView>() }),
  /** Where a teller's desk connects, by the nodes' load: tellers. */
  clusterPlacement: route('get', '/api/cluster/placement', { reply: jsonReply<ClusterPlacement>() }),

  // ---- queue: the customer's way in, and the VIP list ----------------------
  catalog: route('get', '/api/catalog', {
    reply: jsonReply<{
      services: typeof SERVICES;
      languages: typeof SERVICE_LANGUAGES;
      /** The institution's IANA time zone (SKYTELLER_TIME_ZONE): pages show every date and time in it. */
      timeZone: string;
    }>(),
  }),
  createTicket: route('post', '/api/tickets', {
    body: createTicketRequestSchema,
    reply: jsonReply<CreateTicketResponse>(201),
  }),
  addVipCustomer: route('put', '/api/vip-customers', { body: vipCustomerSchema, reply: emptyReply }),
  removeVipCustomer: route('delete', '/api/vip-customers', { body: vipCustomerSchema, reply: emptyReply }),

  // ---- identity: staff sessions --------------------------------------------
  login: route('post', '/api/auth/login', { body: loginRequestSchema, reply: jsonReply<LoginResponse>() }),
  logout: route('post', '/api/auth/logout', { reply: emptyReply }),
  me: route('get', '/api/auth/me', { reply: jsonReply<{ user: StaffUser }>() }),
  changePassword: route('post', '/api/auth/password', {
    body: changePasswordRequestSchema,
    reply: jsonReply<LoginResponse>(),
  }),
  secondFactor: route('post', '/api/auth/second-factor', {
    body: secondFactorRequestSchema,
    reply: jsonReply<LoginResponse>(),
  }),
  startEnrolment: route('post', '/api/auth/second-factor/enrolment', {
    reply: jsonReply<SecondFactorEnrolment>(),
  }),
  confirmEnrolment: route('post', '/api/auth/second-factor/enrolment/confirm', {
    body: secondFactorRequestSchema,
    reply: jsonReply<EnrolmentConfirmed>(),
  }),

  // ---- call: the teller's calls of the day ---------------------------------
  /** The signed-in teller's own calls today (the institution's day), newest first. */
  tellerHistory: route('get', '/api/teller/history', { reply: jsonReply<CallHistoryView>() }),

  // ---- identity: staff administration and API keys (the admin role) ---------
  staffAccounts: route('get', '/api/admin/staff', { reply: jsonReply<{ accounts: StaffAccountView[] }>() }),
  createStaffAccount: route('post', '/api/admin/staff', {
    body: createStaffAccountSchema,
    reply: jsonReply<OneTimePasswordReply>(201),
  }),
  editStaffAccount: route('put', '/api/admin/staff/:userId', {
    body: editStaffAccountSchema,
    reply: jsonReply<{ account: StaffAccountView }>(),
  }),
  /** Ends the account's sessions and disconnects its sockets at once. */
  disableStaffAccount: route('post', '/api/admin/staff/:userId/disable', {
    reply: jsonReply<{ account: StaffAccountView }>(),
  }),
  enableStaffAccount: route('post', '/api/admin/staff/:userId/enable', {
    reply: jsonReply<{ account: StaffAccountView }>(),
  }),
  resetStaffPassword: route('post', '/api/admin/staff/:userId/password-reset', {
    reply: jsonReply<OneTimePasswordReply>(),
  }),
  unlockStaffAccount: route('post', '/api/admin/staff/:userId/unlock', {
    reply: jsonReply<{ account: StaffAccountView }>(),
  }),
  resetStaffSecondFactor: route('post', '/api/admin/staff/:userId/second-factor-reset', {
    reply: jsonReply<{ account: StaffAccountView }>(),
  }),
  apiKeys: route('get', '/api/admin/api-keys', { reply: jsonReply<{ apiKeys: ApiKeyView[] }>() }),
  issueApiKey: route('post', '/api/admin/api-keys', {
    body: issueApiKeySchema,
    reply: jsonReply<IssuedApiKey>(201),
  }),
  /** The key stops working at once; its row stays, for the audit chain's entries that name it. */
  revokeApiKey: route('post', '/api/admin/api-keys/:keyId/revoke', {
    reply: jsonReply<{ apiKey: ApiKeyView }>(),
  }),

  // ---- service: documents, rating, the signed record ------------------------
  /**
   * The document's own bytes; its name, URL-encoded, in `X-File-Name`. The
   * limit only bounds the body: the content check then gives the precise code.
   */
  uploadDocument: route('post', '/api/calls/:callId/documents', {
    body: { kind: 'raw', contentType: 'application/octet-stream', maxBytes: 11 * MB },
    reply: jsonReply<DocumentReference>(201),
  }),
  /** The same as the socket request, for a page whose socket went with the call. */
  rateCall: route('post', '/api/calls/:callId/rating', {
    body: serviceRequests['service:rate'].omit({ callId: true }),
    reply: emptyReply,
  }),
  recordPdf: route('get', '/api/calls/:callId/record.pdf', { reply: bytesReply('application/pdf') }),
  verifyRecord: route('post', '/api/records/verify', {
    body: { kind: 'raw', contentType: 'application/pdf', maxBytes: 10 * MB },
    reply: jsonReply<RecordVerification>(),
  }),

  // ---- chat: files sent in a call's chat ----------------------------------------
  /**
   * The file's own bytes; its name, URL-encoded, in `X-File-Name`. The route's
   * bound is the ceiling: SKYTELLER_CHAT_FILE_MAX_MB gives the precise limit and code.
   */
  sendChatFile: route('post', '/api/calls/:callId/chat/files', {
    body: { kind: 'raw', contentType: 'application/octet-stream', maxBytes: CHAT_FILE_CEILING_BYTES },
    reply: jsonReply<ChatMessageView>(201),
  }),
  chatFile: route('get', '/api/calls/:callId/chat/files/:fileId', {
    reply: bytesReply('application/pdf, image/jpeg, image/png'),
  }),

  // ---- face: reference photos ------------------------------------------------
  uploadTicketReferencePhoto: route('post', '/api/tickets/:ticketId/reference-photo', {
    body: referencePhoto,
    reply: jsonReply<FaceReferenceView>(201),
  }),
  uploadCallReferencePhoto: route('post', '/api/calls/:callId/reference-photo', {
    body: referencePhoto,
    reply: jsonReply<FaceReferenceView>(201),
  }),
  /** The institution's systems register a customer's reference photo by ID type and number. */
  putReferenceOnFile: route('put', '/api/references/:idType/:idNumber', {
    params: z.object({ idType: z.string().min(1).max(40), idNumber: z.string().min(1).max(40) }),
    body: referencePhoto,
    reply: jsonReply<{ sha256: string; storedAt: number }>(),
  }),
  /** `check` is the page's own: each face check's image is a new URL, so the browser fetches it anew. */
  callReferencePhoto: route('get', '/api/calls/:callId/reference-photo', {
    query: z.object({ check: z.string().optional() }),
    reply: bytesReply('image/*'),
  }),

  // ---- recording: a file the call's manifest lists, with byte ranges ----------
  recordingFile: route('get', '/api/recordings/:callId/*file', { reply: bytesReply('audio/*, video/*') }),

  // ---- audit: the chain, and the auditor's calls ------------------------------
  /** `anchor` is a head from an earlier check, `SEQ:HASH`. */
  verifyAuditChain: route('get', '/api/audit/verify', {
    query: z.object({ anchor: z.string().optional() }),
    reply: jsonReply<ChainVerdict>(),
  }),
  searchCalls: route('get', '/api/audit/calls', {
    query: callSearchSchema,
    reply: jsonReply<{ calls: AuditCallRow[] }>(),
  }),
  auditCall: route('get', '/api/audit/calls/:callId', { reply: jsonReply<AuditCallDetail>() }),
  verifyCall: route('post', '/api/audit/calls/:callId/verify', { reply: jsonReply<AuditVerifyResult>() }),
  decideCall: route('post', '/api/audit/calls/:callId/decision', {
    body: auditDecisionSchema,
    reply: jsonReply<AuditDecisionView>(201),
  }),
} as const;

export type RestRoutes = typeof restRoutes;
export type RestRouteName = keyof RestRoutes;
