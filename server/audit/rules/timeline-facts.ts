import type { Label } from '../../../shared/catalog/fields.js';
import { findService } from '../../../shared/catalog/services.js';
import { type TimelineActor, type TimelineFacts } from '../../../shared/contracts/auditor.js';
import { CALL_END_REASONS } from '../../../shared/contracts/socket-events.js';
import { callEventTypeOf } from '../../../shared/contracts/call-events.js';
import { CHAT_SENDERS, type ChatSender } from '../../../shared/contracts/chat.js';
import { MONITOR_MODES } from '../../../shared/contracts/monitor.js';

export interface FactsEvent {
  /** As stored: a former name reads as today's. */
  type: string;
  data: Record<string, unknown>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The step's title in the call's service, or its id. */
function stepTitle(serviceId: string, stepId: unknown): Label {
  const step = findService(serviceId)?.steps.find((s) => s.id === stepId);
  return step?.title ?? { 'zh-CN': text(stepId), en: text(stepId) };
}

/**
 * What the auditor's page needs to word an event in its own language: the
 * step's title, codes (why a call ended, which side, the review's decision)
 * and the text a teller wrote. The data is read field by field, not through
 * the type's schema: the timeline may be an old manifest's or old rows'.
 */
export function timelineFacts(event: FactsEvent, serviceId: string): TimelineFacts {
  const { data } = event;
  switch (callEventTypeOf(event.type)) {
    case 'service.step_pushed':
    case 'service.step_submitted':
    case 'service.step_confirmed':
    case 'service.step_correction_requested':
      return { step: stepTitle(serviceId, data.stepId) };
    case 'call.ended': {
      const endReason = CALL_END_REASONS.find((reason) => reason === data.reason);
      return endReason ? { endReason } : {};
    }
    case 'call.participant.left':
    case 'call.participant.rejoined':
    case 'call.screen_share.started':
    case 'call.screen_share.stopped':
      return { side: text(data.participant).startsWith('teller') ? 'teller' : 'customer' };
    case 'transfer.requested':
      return text(data.reason) ? { note: text(data.reason) } : {};
    case 'chat.message':
    case 'chat.file':
      return { chat: chatFacts(data) };
    case 'supervisor.left': {
      const monitorMode = MONITOR_MODES.find((mode) => mode === data.mode);
      return monitorMode ? { monitorMode } : {};
    }
    case 'face.review.decided':
      return data.decision === 'pass' || data.decision === 'fail' ? { decision: data.decision } : {};
    default:
      return {};
  }
}

const CHAT_SENDERS_KNOWN = new Set<string>(CHAT_SENDERS);

/** A chat event's sender, text or file, read field by field. */
function chatFacts(data: Record<string, unknown>): NonNullable<TimelineFacts['chat']> {
  const from = CHAT_SENDERS_KNOWN.has(text(data.from)) ? (data.from as ChatSender) : 'customer';
  if (typeof data.fileId !== 'string') return { from, text: text(data.text) };
  const fileName = text(data.fileName);
  return {
    from,
    file: {
      fileId: data.fileId,
      sha256: text(data.sha256),
      mediaType: text(data.mediaType),
      fileName: fileName === '' ? null : fileName,
    },
  };
}

/** Who did it, for the page to name: a staff id has become a username by now (`staffName`). */
export function timelineActor(actor: string, staffName: (id: string) => string | undefined): TimelineActor {
  if (actor === 'customer' || actor.startsWith('ticket:')) return { kind: 'customer' };
  if (actor === 'system') return { kind: 'system' };
  return { kind: 'staff', name: staffName(actor) ?? actor };
}
