import express, { type Request } from 'express';
import type { Logger } from 'pino';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { Callers } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import { bindRoute } from '../platform/http/route-binder.js';
import type { VipStore } from './vip-store.js';
import { actorOf, type AuditTrail } from '../audit/index.js';
import { maskIdNumber } from '../../shared/domain/resident-id.js';

// The audit chain can never be erased, so it names the customer as every list does: masked.
const vipTarget = (e: { idType: string; idNumber: string }) => `${e.idType}:${maskIdNumber(e.idNumber)}`;

/** The VIP list: customers who join with these documents are ranked in the VIP class. */
export function vipRoutes(deps: {
  vip: VipStore;
  audit: AuditTrail;
  callers: Callers;
  logger: Logger;
  clock: () => number;
}): express.Router {
  const router = express.Router();
  const manager = (req: Request) => deps.callers.requireStaff(req, 'vip.manage');
  bindRoute(router, restRoutes.addVipCustomer, {
    caller: manager,
    handle: async ({ caller: user, body: entry }) => {
      await deps.vip.add({ ...entry, addedBy: user.id, at: deps.clock() });
      deps.logger.info({ by: user.username, idType: entry.idType }, 'VIP customer added');
      await deps.audit.write(actorOf(user), 'vip.added', vipTarget(entry), { note: entry.note });
    },
  });
  bindRoute(router, restRoutes.removeVipCustomer, {
    caller: manager,
    handle: async ({ caller: user, body: entry }) => {
      if (!(await deps.vip.remove(entry.idType, entry.idNumber)))
        throw new AppError('not_found', 'no such VIP entry');
      deps.logger.info({ by: user.username, idType: entry.idType }, 'VIP customer removed');
      await deps.audit.write(actorOf(user), 'vip.removed', vipTarget(entry));
    },
  });
  return router;
}
