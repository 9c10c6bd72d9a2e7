import express from 'express';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { bindRoute } from '../platform/http/route-binder.js';
import type { CallAudits } from './call-audits.js';
import type { Callers } from '../identity/index.js';

/** The auditor's calls (shared/contracts/auditor.ts): search, open, verify for both readers; decide for auditors. */
export function auditCallRoutes(deps: { callAudits: CallAudits; callers: Callers }): express.Router {
  const router = express.Router();
  const audits = deps.callAudits;
  bindRoute(router, restRoutes.searchCalls, ({ query }, req) => {
    deps.callers.requireStaff(req, 'audit.read');
    return { calls: audits.search(query) };
  });
  bindRoute(router, restRoutes.auditCall, ({ params }, req, res) => {
    const user = deps.callers.requireStaff(req, 'audit.read');
    res.setHeader('Cache-Control', 'no-store');
    return audits.detail(user, params.callId);
  });
  bindRoute(router, restRoutes.verifyCall, ({ params }, req) => {
    const user = deps.callers.requireStaff(req, 'audit.read');
    return audits.verify(user, params.callId);
  });
  bindRoute(router, restRoutes.decideCall, ({ params, body }, req) => {
    const user = deps.callers.requireStaff(req, 'audit.decide');
    return audits.decide(user, params.callId, body);
  });
  return router;
}
