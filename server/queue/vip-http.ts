import express from 'express';
import type { Logger } from 'pino';
import { toFieldIssues } from '../../shared/contracts/errors.js';
import { vipCustomerSchema } from '../../shared/contracts/vip.js';
import type { Callers } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
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
  const parse = (body: unknown) => {
    const parsed = vipCustomerSchema.safeParse(body);
    if (!parsed.success) {
      throw new AppError('invalid_payload', 'the VIP entry has invalid fields', toFieldIssues(parsed.error));
    }
    return parsed.data;
  };
  router.put('/', (req, res) => {
    const user = deps.callers.requireStaff(req, 'vip.manage');
    const entry = parse(req.body);
    deps.vip.add({ ...entry, addedBy: user.id, at: deps.clock() });
    deps.logger.info({ by: user.username, idType: entry.idType }, 'VIP customer added');
    deps.audit.record(actorOf(user), 'vip.added', vipTarget(entry), { note: entry.note });
    res.status(204).end();
  });
  router.delete('/', (req, res) => {
    const user = deps.callers.requireStaff(req, 'vip.manage');
    const entry = parse(req.body);
    if (!deps.vip.remove(entry.idType, entry.idNumber)) throw new AppError('not_found', 'no such VIP entry');
    deps.logger.info({ by: user.username, idType: entry.idType }, 'VIP customer removed');
    deps.audit.record(actorOf(user), 'vip.removed', vipTarget(entry));
    res.status(204).end();
  });
  return router;
}
