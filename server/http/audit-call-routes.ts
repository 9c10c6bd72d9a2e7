import express from 'express';
import type { AuditDesk } from '../app/audit-desk.js';
import type { StaffAuth } from '../auth/staff-auth.js';
import { requireStaff } from './staff-guard.js';

const READERS = ['auditor', 'supervisor'] as const;

/** The auditor's calls (shared/contracts/auditor.ts): search, open, verify for both readers; decide for auditors. */
export function auditCallRoutes(deps: { auditDesk: AuditDesk; staffAuth: StaffAuth }): express.Router {
  const router = express.Router();
  const desk = deps.auditDesk;
  router.get('/calls', (req, res) => {
    requireStaff(req, deps.staffAuth, READERS);
    res.json({ calls: desk.search(req.query) });
  });
  router.get('/calls/:callId', (req, res) => {
    const user = requireStaff(req, deps.staffAuth, READERS);
    res.setHeader('Cache-Control', 'no-store');
    res.json(desk.detail(user, req.params.callId));
  });
  router.post('/calls/:callId/verify', async (req, res) => {
    const user = requireStaff(req, deps.staffAuth, READERS);
    res.json(await desk.verify(user, req.params.callId));
  });
  router.post('/calls/:callId/decision', (req, res) => {
    const user = requireStaff(req, deps.staffAuth, ['auditor']);
    res.status(201).json(desk.decide(user, req.params.callId, req.body));
  });
  return router;
}
