import express from 'express';
import { pathOf } from '../../shared/contracts/rest.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { WrapUpOutcome } from '../../shared/contracts/wrap-up.js';
import type { Callers } from '../identity/index.js';
import { callDay } from '../platform/call-day.js';
import { bindRoute } from '../platform/http/route-binder.js';
import type { CallHistoryStore } from './call-history-store.js';
import { tellerHistory } from './rules/teller-history.js';

/** A day is at most this long (a daylight-saving day included), so older calls need not be read. */
const DAY_MS = 25 * 3_600_000;

/** The teller's calls of the day, each with its outcome and signed record: only its own. */
export function callHistoryRoutes(deps: {
  callHistory: CallHistoryStore;
  callers: Callers;
  wrapUpOutcomes: readonly WrapUpOutcome[];
  clock: () => number;
}): express.Router {
  const router = express.Router();
  bindRoute(router, restRoutes.tellerHistory, {
    caller: (req) => deps.callers.requireStaff(req, 'calls.history_own'),
    handle: async ({ caller }) => {
      const now = deps.clock();
      const rows = await deps.callHistory.ofTeller(caller.id, now - DAY_MS);
      return {
        calls: tellerHistory(rows, {
          today: callDay(now),
          dayOf: callDay,
          outcomes: deps.wrapUpOutcomes,
          recordUrlOf: (callId) => pathOf(restRoutes.recordPdf, { callId }),
        }),
      };
    },
  });
  return router;
}
