import type {
  AuditCallDetail,
  AuditCallRow,
  AuditDecisionInput,
  AuditDecisionView,
  AuditVerifyResult,
  CallSearch,
} from '../../shared/contracts/auditor.js';
import { getJson, postJson } from '../common/api.js';

/** The auditor's REST calls (shared/contracts/auditor.ts), signed with the staff token. */
export class AuditApi {
  constructor(private readonly token: string) {}

  async search(query: CallSearch): Promise<AuditCallRow[]> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(name, String(value));
    const body = await getJson<{ calls: AuditCallRow[] }>(`/api/audit/calls?${params}`, {
      token: this.token,
    });
    return body.calls;
  }

  detail(callId: string): Promise<AuditCallDetail> {
    return getJson<AuditCallDetail>(this.callPath(callId), { token: this.token });
  }

  verify(callId: string): Promise<AuditVerifyResult> {
    return postJson<AuditVerifyResult>(`${this.callPath(callId)}/verify`, {}, { token: this.token });
  }

  /** The decision as the server stored it. */
  decide(callId: string, input: AuditDecisionInput): Promise<AuditDecisionView> {
    return postJson<AuditDecisionView>(`${this.callPath(callId)}/decision`, input, { token: this.token });
  }

  private callPath(callId: string): string {
    return `/api/audit/calls/${encodeURIComponent(callId)}`;
  }
}
