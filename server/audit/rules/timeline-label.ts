import { findService } from '../../../shared/catalog/services.js';

export interface LabelledEvent {
  type: string;
  data: Record<string, unknown>;
}

type Labeller = (data: Record<string, unknown>, step: string) => string;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const side = (participant: unknown): string =>
  text(participant).startsWith('teller') ? 'Teller' : 'Customer';
const withReason = (what: string, reason: unknown) => (text(reason) ? `${what}: ${text(reason)}` : what);

/** Marker texts of the event types the counter, the service and the face check write. */
const LABELS: Record<string, Labeller> = {
  'consent.recording': () => 'Customer consented to recording',
  'queue.joined': () => 'Customer joined the queue',
  'call.started': () => 'Call started',
  'call.ended': (d) => withReason('Call ended', d.reason),
  'call.participant.left': (d) => `${side(d.participant)} left`,
  'call.participant.rejoined': (d) => `${side(d.participant)} rejoined`,
  'transfer.requested': (d) => withReason('Transfer requested', d.reason),
  'transfer.consented': () => 'Customer agreed to the transfer',
  'transfer.refused': () => 'Customer refused the transfer',
  'transfer.cancelled': () => 'Transfer cancelled',
  'transfer.completed': () => 'Transfer completed',
  'service.step_pushed': (_d, step) => `Step shown: ${step}`,
  'service.step_submitted': (_d, step) => `Customer answered: ${step}`,
  'service.step_confirmed': (_d, step) => `Step confirmed: ${step}`,
  'service.step_correction_requested': (_d, step) => `Correction asked: ${step}`,
  'service.document_uploaded': () => 'Document uploaded',
  'service.signature_requested': () => 'Signature requested',
  'service.signature_captured': () => 'Customer signed',
  'service.service_completed': () => 'Service completed',
  'service.service_withdrawn': () => 'Service withdrawn',
  'service.rated': () => 'Customer rated the service',
  'face.reference.stored': () => 'Reference photo stored',
  'face.check.started': () => 'Face check started',
  'face.check.passed': () => 'Face check passed',
  'face.check.failed': () => 'Face check failed',
  'face.check.review': () => 'Face check needs review',
  'face.review.decided': (d) => `Face review decided: ${text(d.decision)}`,
  'face.attempts.exhausted': () => 'Face check attempts used up',
  'record.downloaded': () => 'Record downloaded',
  'record.access_denied': () => 'Record download refused',
};

/** An unknown type still reads: `recording.segment_started` → `Recording segment started`. */
function fromType(type: string): string {
  const words = type.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The English step title of the call's service, or the step id. */
function stepTitle(serviceId: string, stepId: unknown): string {
  const step = findService(serviceId)?.steps.find((s) => s.id === stepId);
  return step?.title.en ?? text(stepId);
}

/** The short English text of a timeline marker. */
export function timelineLabel(event: LabelledEvent, serviceId: string): string {
  const labeller = LABELS[event.type];
  return labeller ? labeller(event.data, stepTitle(serviceId, event.data.stepId)) : fromType(event.type);
}
