import express, { type Request } from 'express';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { bindRoute } from '../platform/http/route-binder.js';
import type { CallAudits } from './call-audits.js';
import type { Callers } from '../identity/index.js';

/** The auditor's calls (shared/contracts/auditor.ts): search, open, verify for both readers; decide for auditors. */
export function auditCallRoutes(deps: { callAudits: CallAudits; callers: Callers }): express.Router {
  const router = express.Router();
  const audits = deps.callAudits;
  const reader = (req: Request) => deps.callers.requireStaff(req, 'audit.read');
  bindRoute(router, restRoutes.searchCalls, {
    caller: reader,
    handle: async ({ caller, query }) => ({ calls: await audits.search(caller, query) }),
  });
  bindRoute(router, restRoutes.auditCall, {
    caller: reader,
    handle: ({ caller, params }, _req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      return audits.detail(caller, params.callId);
    },
  });
  bindRoute(router, restRoutes.verifyCall, {
    caller: reader,
    handle: ({ caller, params }) => audits.verify(caller, params.callId),
  });
  bindRoute(router, restRoutes.decideCall, {
    caller: (req) => deps.callers.requireStaff(req, 'audit.decide'),
    handle: ({ caller, params, body }) => audits.decide(caller, params.callId, body),
  });
  return router;
}
