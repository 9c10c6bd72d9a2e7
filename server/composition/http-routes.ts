import type express from 'express';
import type { Logger } from 'pino';
import {
  auditCallRoutes,
  auditRoutes,
  type Auditing,
  type AuditTrail,
  type ChainVerifier,
} from '../audit/index.js';
import type { WrapUpOutcome } from '../../shared/contracts/wrap-up.js';
import { chatRoutes, type CallChats } from '../chat/index.js';
import { clusterRoutes, type ClusterRoutesDeps } from '../cluster/index.js';
import { callHistoryRoutes, type CallHistoryStore, type CallRegistry } from '../call/index.js';
import { faceRoutes, type FaceRoutesDeps } from '../face/index.js';
import {
  adminRoutes,
  identityRoutes,
  type ApiKeys,
  type Callers,
  type RateLimitedLogins,
  type StaffAdmin,
  type StaffAuth,
  type TokenSigner,
} from '../identity/index.js';
import { ticketRoutes, vipRoutes, type QueueFeature, type VipStore } from '../queue/index.js';
import { recordingRoutes } from '../recording/index.js';
import { serviceRoutes, type RecordTrust, type ServiceSessions } from '../service/index.js';
import type { LimitStore } from '../platform/attempt-limit.js';

export interface HttpRoutesDeps {
  queue: QueueFeature;
  callRegistry: CallRegistry;
  callHistory: CallHistoryStore;
  wrapUpOutcomes: readonly WrapUpOutcome[];
  serviceSessions: ServiceSessions;
  recordTrust: RecordTrust;
  vip: VipStore;
  audit: AuditTrail;
  chainVerifier: ChainVerifier;
  staffAuth: StaffAuth;
  callers: Callers;
  tokens: TokenSigner;
  /** The institution's time zone, given to the pages with the catalog. */
  timeZone: string;
  logger: Logger;
  clock: () => number;
  face: Pick<FaceRoutesDeps, 'references' | 'calls'>;
  auditing: Pick<Auditing, 'callAudits' | 'recordingFiles'>;
  staffAdmin: StaffAdmin;
  apiKeys: ApiKeys;
  limits: { ticketsPerAddressPerMinute: number; ticketsPerMinute: number };
  limitStore: LimitStore;
  rateLimitedLogins: RateLimitedLogins;
  chats: CallChats;
  cluster: ClusterRoutesDeps;
}

/** Every feature's REST routes; each binds its routes at their full paths in shared/contracts/rest-routes.ts. */
export function mountHttpRoutes(app: express.Express, deps: HttpRoutesDeps): void {
  app.use(ticketRoutes(deps));
  app.use(identityRoutes(deps));
  app.use(adminRoutes(deps));
  app.use(vipRoutes(deps));
  app.use(auditRoutes(deps));
  app.use(auditCallRoutes({ ...deps, ...deps.auditing }));
  app.use(recordingRoutes({ ...deps, files: deps.auditing.recordingFiles }));
  app.use(callHistoryRoutes(deps));
  app.use(serviceRoutes(deps));
  app.use(faceRoutes({ ...deps, ...deps.face }));
  app.use(chatRoutes(deps));
  app.use(clusterRoutes(deps));
}
