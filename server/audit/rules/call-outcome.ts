import { type CallEndReason, type CallOutcome } from '../../../shared/contracts/auditor.js';
import { CALL_END_REASONS } from '../../../shared/contracts/socket-events.js';
import { callEventTypeOf } from '../../../shared/contracts/call-events.js';

/** An event as stored: a former type name reads as today's; data is read field by field (old rows predate the schemas). */
export interface OutcomeEvent {
  type: string;
  data: Record<string, unknown>;
}

const endReasonOf = (value: unknown): CallEndReason | null =>
  CALL_END_REASONS.find((reason) => reason === value) ?? null;

/**
 * How a call went, from its timeline: whether its service completed (and if
 * not, why), the last face check's result, the hand-overs and the recorder
 * failures. `ended` says whether the call is over: an open call's service is
 * still in progress.
 */
export function callOutcome(events: readonly OutcomeEvent[], ended: boolean): CallOutcome {
  let service: CallOutcome['service'] = ended ? 'not_completed' : 'in_progress';
  let face: CallOutcome['face'] = 'not_done';
  let exhausted = false;
  let endReason: CallEndReason | null = null;
  let transfers = 0;
  let recordingFailures = 0;
  for (const event of events) {
    switch (callEventTypeOf(event.type)) {
      case 'service.completed':
        service = 'completed';
        break;
      case 'service.withdrawn':
        service = 'withdrawn';
        break;
      case 'face.check.passed':
        face = 'passed';
        break;
      case 'face.check.failed':
        face = 'failed';
        break;
      case 'face.check.review':
        face = 'review';
        break;
      case 'face.review.decided':
        face = event.data.decision === 'pass' ? 'passed' : 'failed';
        break;
      case 'face.attempts.exhausted':
        exhausted = true;
        break;
      case 'transfer.completed':
        transfers += 1;
        break;
      case 'recording.failed':
        recordingFailures += 1;
        break;
      case 'call.ended':
        // A teller who handed the call over leaves with `transferred`; the call's own end comes last.
        endReason = endReasonOf(event.data.reason) ?? endReason;
        break;
      default:
        break;
    }
  }
  const notCompletedBecause =
    service !== 'not_completed'
      ? null
      : exhausted
        ? 'face_attempts_exhausted'
        : face === 'failed'
          ? 'face_check_failed'
          : 'call_ended';
  return { service, notCompletedBecause, endReason, face, transfers, recordingFailures };
}
