import {
  callEventTypeOf,
  type CallEventData,
  type CallEventType,
} from '../../../shared/contracts/call-events.js';
import type { JsonValue } from '../../../shared/domain/canonical-json.js';
import type { AuditAction } from './audit-actions.js';

/** A staff action for the chain, with the fields of the event's data that go with it. */
interface AuditRule<T extends CallEventType> {
  action: AuditAction;
  fields: readonly (keyof CallEventData<T> & string)[];
}

/**
 * Every call event type, and whether it is a staff action for the audit chain
 * (null: it is not, or the chain has it from elsewhere); a new type does not
 * compile until it is decided here. Only named fields are copied: the chain
 * can never be erased, so values a customer entered (step values, shown
 * amounts) stay in the call's own records and out of it.
 */
const AUDITED_CALL_EVENTS: { [T in CallEventType]: AuditRule<T> | null } = {
  'consent.recording': null,
  'queue.joined': null,
  'queue.left': null,
  'queue.abandoned': null,
  // Accepting an offer is audited from the counter's own event (call.accepted).
  'call.started': null,
  'call.ended': null,
  'call.participant.left': null,
  'call.participant.rejoined': null,
  // A node's loss is the system's, not a person's action; the timeline and the recording keep it.
  'call.resumed': null,
  'call.moved': null,
  // What the customer was shown is in the recording and the timeline; it changes nothing to audit.
  'call.screen_share.started': null,
  'call.screen_share.stopped': null,
  // Requested and completed are audited from the counter's own events, with their targets.
  'transfer.requested': null,
  'transfer.consented': null,
  'transfer.refused': null,
  'transfer.cancelled': { action: 'transfer.cancelled', fields: ['transferId'] },
  'transfer.completed': null,
  'service.step_pushed': { action: 'service.step_pushed', fields: ['stepId'] },
  'service.step_submitted': null,
  'service.step_confirmed': { action: 'service.step_confirmed', fields: ['stepId'] },
  'service.step_correction_requested': { action: 'service.correction_requested', fields: ['stepId'] },
  'service.withdrawn': { action: 'service.withdrawn', fields: ['stepId'] },
  // Staff uploads only (the actor must be a staff user): the document's hash, never its content.
  'service.document_uploaded': { action: 'document.uploaded', fields: ['documentId', 'sha256', 'mediaType'] },
  'service.signature_requested': { action: 'service.signature_requested', fields: ['summaryHash'] },
  'service.signature_captured': null,
  'service.completed': { action: 'service.completed', fields: [] },
  'service.rated': null,
  'record.downloaded': { action: 'record.downloaded', fields: [] },
  'record.access_denied': { action: 'record.access_denied', fields: [] },
  'face.reference.stored': { action: 'face.reference_uploaded', fields: ['referenceId', 'sha256'] },
  'face.check.started': { action: 'face.check_started', fields: ['checkId'] },
  'face.check.passed': null,
  'face.check.failed': null,
  'face.check.review': null,
  'face.review.decided': { action: 'face.review_decided', fields: ['checkId', 'decision'] },
  'face.attempts.exhausted': null,
  // Staff messages and files by id and hash: what a customer wrote stays in the call's own records.
  'chat.message': { action: 'chat.sent', fields: ['messageId', 'from'] },
  'chat.file': { action: 'chat.file_sent', fields: ['messageId', 'fileId', 'sha256', 'mediaType'] },
  // The customer's location: what their page and address said, no staff action.
  'location.ip_country': null,
  'location.browser': null,
  // A supervisor's every change of mode on a call, listening in included.
  'supervisor.listening': { action: 'monitor.listen', fields: ['supervisorId'] },
  'supervisor.whispering': { action: 'monitor.whisper', fields: ['supervisorId'] },
  'supervisor.barged_in': { action: 'monitor.barge', fields: ['supervisorId'] },
  'supervisor.left': { action: 'monitor.left', fields: ['supervisorId', 'mode'] },
  'recording.failed': null,
};

export interface CallEventFacts {
  /** As stored: a former name reads as today's. */
  type: string;
  data?: Record<string, unknown>;
}

/** The audit action a call event stands for, with its details; undefined when it is none. */
export function auditOfCallEvent(
  event: CallEventFacts,
): { action: AuditAction; details: { [key: string]: JsonValue } } | undefined {
  const type = callEventTypeOf(event.type);
  const rule = type && AUDITED_CALL_EVENTS[type];
  if (!rule) return undefined;
  const details: { [key: string]: JsonValue } = {};
  for (const field of rule.fields) {
    const value = event.data?.[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      details[field] = value;
  }
  return { action: rule.action, details };
}
