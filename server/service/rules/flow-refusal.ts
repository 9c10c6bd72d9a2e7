import type { ErrorBody, ErrorCode, FieldIssue } from '../../../shared/contracts/errors.js';
import type { FlowEvent, FlowReply, ServiceFlowState } from './flow-types.js';

export type HandlerResult =
  | { ok: true; state: ServiceFlowState; events: FlowEvent[]; reply: FlowReply }
  | { ok: false; error: ErrorBody };

/**
 * A refused command. `reason` is the stable detail code (e.g. step_out_of_order);
 * it travels as the single issue, so clients branch on it like on a field code.
 */
export function refuse(code: ErrorCode, reason: string, message: string): HandlerResult {
  return { ok: false, error: { code, message, issues: [{ path: '', code: reason, message }] } };
}

export function refuseFields(message: string, issues: FieldIssue[]): HandlerResult {
  return { ok: false, error: { code: 'invalid_payload', message, issues } };
}
