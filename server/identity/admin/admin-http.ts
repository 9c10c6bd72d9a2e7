import express, { type Request } from 'express';
import { restRoutes } from '../../../shared/contracts/rest-routes.js';
import { bindRoute } from '../../platform/http/route-binder.js';
import type { Callers } from '../callers.js';
import type { ApiKeys } from './api-keys.js';
import type { StaffAdmin } from './staff-admin.js';

/** The administrator's console: staff accounts and API keys, each action in the audit chain. */
export function adminRoutes(deps: {
  staffAdmin: StaffAdmin;
  apiKeys: ApiKeys;
  callers: Callers;
}): express.Router {
  const router = express.Router();
  const { staffAdmin, apiKeys } = deps;
  const staffManager = (req: Request) => deps.callers.requireStaff(req, 'admin.staff');
  const keyManager = (req: Request) => deps.callers.requireStaff(req, 'admin.api_keys');

  bindRoute(router, restRoutes.staffAccounts, {
    caller: staffManager,
    handle: async () => ({ accounts: await staffAdmin.list() }),
  });
  bindRoute(router, restRoutes.createStaffAccount, {
    caller: staffManager,
    handle: ({ caller, body }) => staffAdmin.create(caller, body),
  });
  bindRoute(router, restRoutes.editStaffAccount, {
    caller: staffManager,
    handle: async ({ caller, params, body }) => ({
      account: await staffAdmin.edit(caller, params.userId, body),
    }),
  });
  bindRoute(router, restRoutes.disableStaffAccount, {
    caller: staffManager,
    handle: async ({ caller, params }) => ({ account: await staffAdmin.disable(caller, params.userId) }),
  });
  bindRoute(router, restRoutes.enableStaffAccount, {
    caller: staffManager,
    handle: async ({ caller, params }) => ({ account: await staffAdmin.enable(caller, params.userId) }),
  });
  bindRoute(router, restRoutes.resetStaffPassword, {
    caller: staffManager,
    handle: ({ caller, params }) => staffAdmin.resetPassword(caller, params.userId),
  });
  bindRoute(router, restRoutes.unlockStaffAccount, {
    caller: staffManager,
    handle: async ({ caller, params }) => ({ account: await staffAdmin.unlock(caller, params.userId) }),
  });
  bindRoute(router, restRoutes.resetStaffSecondFactor, {
    caller: staffManager,
    handle: async ({ caller, params }) => ({
      account: await staffAdmin.resetSecondFactor(caller, params.userId),
    }),
  });

  bindRoute(router, restRoutes.apiKeys, { caller: keyManager, handle: () => ({ apiKeys: apiKeys.list() }) });
  bindRoute(router, restRoutes.issueApiKey, {
    caller: keyManager,
    handle: ({ caller, body }) => apiKeys.issue(caller, body),
  });
  bindRoute(router, restRoutes.revokeApiKey, {
    caller: keyManager,
    handle: ({ caller, params }) => ({ apiKey: apiKeys.revoke(caller, params.keyId) }),
  });
  return router;
}
