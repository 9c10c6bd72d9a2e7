import type {
  AuditCallDetail,
  AuditCallRow,
  AuditDecisionInput,
  AuditDecisionView,
  AuditVerifyResult,
  CallSearch,
} from '../../shared/contracts/auditor.js';
import { getJson, postJson } from '../common/api.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isDecisionView = (value: unknown): value is AuditDecisionView =>
  isRecord(value) && (value.decision === 'approved' || value.decision === 'rejected') && 'at' in value;

/** The auditor's REST calls (shared/contracts/auditor.ts), signed with the staff token. */
export class AuditApi {
  constructor(private readonly token: string) {}

  async search(query: CallSearch): Promise<AuditCallRow[]> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(name, String(value));
    const body = await getJson<unknown>(`/api/audit/calls?${params}`, { token: this.token });
    // The contract names the rows, not their envelope: a bare list or `{ calls }`.
    if (Array.isArray(body)) return body as AuditCallRow[];
    return isRecord(body) && Array.isArray(body.calls) ? (body.calls as AuditCallRow[]) : [];
  }

  detail(callId: string): Promise<AuditCallDetail> {
    return getJson<AuditCallDetail>(this.callPath(callId), { token: this.token });
  }

  verify(callId: string): Promise<AuditVerifyResult> {
    return postJson<AuditVerifyResult>(`${this.callPath(callId)}/verify`, {}, { token: this.token });
  }

  /**
   * The decision as the server stored it. The contract names the body, not the
   * answer: the decision itself, the call with it, or (anything else) the call
   * read again.
   */
  async decide(callId: string, input: AuditDecisionInput): Promise<AuditDecisionView> {
    const body = await postJson<unknown>(`${this.callPath(callId)}/decision`, input, { token: this.token });
    if (isDecisionView(body)) return body;
    if (isRecord(body) && isDecisionView(body.decision)) return body.decision;
    const call = await this.detail(callId);
    if (!call.decision) throw new Error('the decision was accepted but the call does not show it');
    return call.decision;
  }

  private callPath(callId: string): string {
    return `/api/audit/calls/${encodeURIComponent(callId)}`;
  }
}
