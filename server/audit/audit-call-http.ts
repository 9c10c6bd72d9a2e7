import express from 'express';
import type { CallAudits } from './call-audits.js';
import type { Callers } from '../identity/index.js';

/** The auditor's calls (shared/contracts/auditor.ts): search, open, verify for both readers; decide for auditors. */
export function auditCallRoutes(deps: { callAudits: CallAudits; callers: Callers }): express.Router {
  const router = express.Router();
  const audits = deps.callAudits;
  router.get('/calls', (req, res) => {
    deps.callers.requireStaff(req, 'audit.read');
    res.json({ calls: audits.search(req.query) });
  });
  router.get('/calls/:callId', (req, res) => {
    const user = deps.callers.requireStaff(req, 'audit.read');
    res.setHeader('Cache-Control', 'no-store');
    res.json(audits.detail(user, req.params.callId));
  });
  router.post('/calls/:callId/verify', async (req, res) => {
    const user = deps.callers.requireStaff(req, 'audit.read');
    res.json(await audits.verify(user, req.params.callId));
  });
  router.post('/calls/:callId/decision', (req, res) => {
    const user = deps.callers.requireStaff(req, 'audit.decide');
    res.status(201).json(audits.decide(user, req.params.callId, req.body));
  });
  return router;
}
