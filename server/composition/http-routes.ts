import type express from 'express';
import type { Logger } from 'pino';
import type { Auditing } from '../audit/audit-setup.js';
import { auditCallRoutes } from '../audit/audit-call-http.js';
import { auditRoutes } from '../audit/audit-http.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { CounterService } from '../call/counter-service.js';
import { faceRoutes, type FaceRoutesDeps } from '../face/face-http.js';
import { identityRoutes } from '../identity/identity-http.js';
import type { StaffAuth } from '../identity/staff-auth.js';
import type { TokenSigner } from '../identity/tokens.js';
import { ticketRoutes } from '../queue/ticket-http.js';
import { vipRoutes } from '../queue/vip-http.js';
import type { VipStore } from '../queue/vip-store.js';
import { recordingRoutes } from '../recording/recording-http.js';
import { serviceRoutes } from '../service/service-http.js';
import type { ServiceSessions } from '../service/service-sessions.js';

export interface HttpRoutesDeps {
  counter: CounterService;
  serviceSessions: ServiceSessions;
  vip: VipStore;
  audit: AuditTrail;
  staffAuth: StaffAuth;
  tokens: TokenSigner;
  sessionTtlMs: number;
  logger: Logger;
  clock: () => number;
  face: Pick<FaceRoutesDeps, 'references' | 'calls'>;
  auditing: Pick<Auditing, 'callAudits' | 'recordingFiles'>;
}

/** Every feature's REST routes, at the paths the pages call. */
export function mountHttpRoutes(app: express.Express, deps: HttpRoutesDeps): void {
  app.use(ticketRoutes(deps));
  app.use(identityRoutes(deps));
  app.use('/api/vip-customers', vipRoutes(deps));
  app.use('/api/audit', auditRoutes(deps));
  app.use('/api/audit', auditCallRoutes({ ...deps, ...deps.auditing }));
  app.use('/api/recordings', recordingRoutes({ ...deps, files: deps.auditing.recordingFiles }));
  app.use(serviceRoutes(deps));
  app.use('/api', faceRoutes({ ...deps, ...deps.face }));
}
