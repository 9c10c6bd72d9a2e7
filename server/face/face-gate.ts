import type { CallEventType } from '../../shared/contracts/call-events.js';
import type { FaceCheckOutcome, ServiceStore } from '../service/index.js';

/**
 * The call_events type the face-check work writes when a check passes, with
 * data `{ checkId, score?, threshold? }`. The completion gate reads the latest
 * one; nothing else couples the guided service to the face engine.
 */
export const FACE_CHECK_PASSED_EVENT = 'face.check.passed' satisfies CallEventType;

/** The call's latest passed face check, or undefined when none passed. */
export async function passedFaceCheck(
  repo: Pick<ServiceStore, 'latestEvent'>,
  callId: string,
): Promise<FaceCheckOutcome | undefined> {
  const event = await repo.latestEvent(callId, FACE_CHECK_PASSED_EVENT);
  if (!event) return undefined;
  const { checkId, score, threshold, referenceSource } = event.data;
  return {
    checkId: typeof checkId === 'string' ? checkId : `event-${event.at}`,
    passed: true,
    // A check from before the reference policy named no source: count it as the customer's.
    referenceSource:
      referenceSource === 'teller' || referenceSource === 'on_file' ? referenceSource : 'customer',
    ...(typeof score === 'number' ? { score } : {}),
    ...(typeof threshold === 'number' ? { threshold } : {}),
  };
}

/**
 * Whether the call's face check has failed for good as far as the customer
 * can tell: no check passed, and the latest verdict was a fail (judged,
 * decided from the review band, or the attempts ran out).
 */
export async function faceCheckFailed(
  repo: Pick<ServiceStore, 'latestEvent'>,
  callId: string,
): Promise<boolean> {
  if (await repo.latestEvent(callId, FACE_CHECK_PASSED_EVENT)) return false;
  if (
    (await repo.latestEvent(callId, 'face.check.failed')) ||
    (await repo.latestEvent(callId, 'face.attempts.exhausted'))
  )
    return true;
  return (await repo.latestEvent(callId, 'face.review.decided'))?.data.decision === 'fail';
}
