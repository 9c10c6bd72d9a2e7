import type {
  AuditCallDetail,
  AuditCallRow,
  AuditDecisionInput,
  AuditDecisionView,
  AuditVerifyResult,
  CallSearch,
} from '../../shared/contracts/auditor.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { callApi } from '../common/api.js';

/** The auditor's REST calls (shared/contracts/auditor.ts); the session goes along in its cookie. */
export class AuditApi {
  async search(query: CallSearch): Promise<AuditCallRow[]> {
    // An empty search field filters nothing.
    const filled = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
    const body = await callApi(restRoutes.searchCalls, { query: filled });
    return body.calls;
  }

  detail(callId: string): Promise<AuditCallDetail> {
    return callApi(restRoutes.auditCall, { params: { callId } });
  }

  verify(callId: string): Promise<AuditVerifyResult> {
    return callApi(restRoutes.verifyCall, { params: { callId } });
  }

  /** The decision as the server stored it. */
  decide(callId: string, input: AuditDecisionInput): Promise<AuditDecisionView> {
    return callApi(restRoutes.decideCall, { params: { callId }, body: input });
  }
}
