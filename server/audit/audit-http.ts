import express from 'express';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { Callers } from '../identity/index.js';
import { actorOf, type AuditTrail } from './audit-trail.js';
import type { ChainVerifier } from './chain-verifier.js';
import { parseAnchor } from './rules/anchor.js';
import { AppError } from '../platform/errors.js';
import { bindRoute } from '../platform/http/route-binder.js';

/** The audit chain's checks, for auditors and supervisors. */
export function auditRoutes(deps: {
  audit: AuditTrail;
  chainVerifier: ChainVerifier;
  callers: Callers;
}): express.Router {
  const router = express.Router();
  // ?anchor=SEQ:HASH checks against a head kept from an earlier verification.
  bindRoute(router, restRoutes.verifyAuditChain, {
    caller: (req) => deps.callers.requireStaff(req, 'audit.read'),
    handle: async ({ caller: user, query }) => {
      const anchorText = query.anchor;
      const anchor = anchorText === undefined ? undefined : parseAnchor(anchorText);
      if (anchorText !== undefined && !anchor)
        throw new AppError('invalid_payload', 'anchor must be SEQ:HASH');
      // In a worker thread: a long chain never stalls signalling.
      const verdict = await deps.chainVerifier.verify(anchor);
      // Recorded after the walk, so the check's own entry is not part of what it reports.
      await deps.audit.write(actorOf(user), 'audit.verified', null, {
        ok: verdict.ok,
        entries: verdict.entries,
        ...(verdict.firstBroken && { firstBroken: verdict.firstBroken }),
      });
      return verdict;
    },
  });
  return router;
}
