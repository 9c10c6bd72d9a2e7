import type { JsonValue } from '../../../shared/domain/canonical-json.js';
import type { AuditAction } from './audit-actions.js';

/**
 * Which of a call's timeline events are staff actions for the audit chain, and
 * which of their fields go with them. Only named fields are copied: the chain
 * can never be erased, so values a customer entered (step values, shown
 * amounts) stay in the call's own records and out of it.
 */
const AUDITED_CALL_EVENTS: Record<string, { action: AuditAction; fields: readonly string[] }> = {
  'service.step_pushed': { action: 'service.step_pushed', fields: ['stepId'] },
  'service.step_confirmed': { action: 'service.step_confirmed', fields: ['stepId'] },
  'service.step_correction_requested': { action: 'service.correction_requested', fields: ['stepId'] },
  'service.signature_requested': { action: 'service.signature_requested', fields: ['summaryHash'] },
  'service.service_completed': { action: 'service.completed', fields: [] },
  'service.service_withdrawn': { action: 'service.withdrawn', fields: ['stepId'] },
  'face.check.started': { action: 'face.check_started', fields: ['checkId'] },
  'face.review.decided': { action: 'face.review_decided', fields: ['checkId', 'decision'] },
  'transfer.cancelled': { action: 'transfer.cancelled', fields: ['transferId'] },
  'record.downloaded': { action: 'record.downloaded', fields: [] },
  'record.access_denied': { action: 'record.access_denied', fields: [] },
};

export interface CallEventFacts {
  type: string;
  data?: Record<string, unknown>;
}

/** The audit action a call event stands for, with its details; undefined when it is none. */
export function auditOfCallEvent(
  event: CallEventFacts,
): { action: AuditAction; details: { [key: string]: JsonValue } } | undefined {
  const rule = AUDITED_CALL_EVENTS[event.type];
  if (!rule) return undefined;
  const details: { [key: string]: JsonValue } = {};
  for (const field of rule.fields) {
    const value = event.data?.[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      details[field] = value;
  }
  return { action: rule.action, details };
}
