import express from 'express';
import type { CallAudits } from './call-audits.js';
import type { StaffAuth } from '../identity/index.js';
import { requireStaff } from '../identity/index.js';

const READERS = ['auditor', 'supervisor'] as const;

/** The auditor's calls (shared/contracts/auditor.ts): search, open, verify for both readers; decide for auditors. */
export function auditCallRoutes(deps: { callAudits: CallAudits; staffAuth: StaffAuth }): express.Router {
  const router = express.Router();
  const audits = deps.callAudits;
  router.get('/calls', (req, res) => {
    requireStaff(req, deps.staffAuth, READERS);
    res.json({ calls: audits.search(req.query) });
  });
  router.get('/calls/:callId', (req, res) => {
    const user = requireStaff(req, deps.staffAuth, READERS);
    res.setHeader('Cache-Control', 'no-store');
    res.json(audits.detail(user, req.params.callId));
  });
  router.post('/calls/:callId/verify', async (req, res) => {
    const user = requireStaff(req, deps.staffAuth, READERS);
    res.json(await audits.verify(user, req.params.callId));
  });
  router.post('/calls/:callId/decision', (req, res) => {
    const user = requireStaff(req, deps.staffAuth, ['auditor']);
    res.status(201).json(audits.decide(user, req.params.callId, req.body));
  });
  return router;
}
