import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import type { MessageKey } from '../common/i18n.js';

export type OutcomeCode = 'completed' | 'withdrawn' | 'not_completed';

export interface ServiceOutcome {
  code: OutcomeCode;
  /** Why a service did not complete, when the customer can be told. */
  reason: 'face_check_failed' | null;
  key: MessageKey;
}

/**
 * What the end screen says became of the service: done, given up by the
 * customer, or not done and, where known, why. `null` when nothing is known
 * (a page reloaded after its call ended).
 */
export function serviceOutcome(view: ServiceStateView | null): ServiceOutcome | null {
  if (!view) return null;
  if (view.status === 'completed') return { code: 'completed', reason: null, key: 'ended.outcome.completed' };
  if (view.status === 'withdrawn') return { code: 'withdrawn', reason: null, key: 'ended.outcome.withdrawn' };
  if (view.faceCheck === 'failed') {
    return { code: 'not_completed', reason: 'face_check_failed', key: 'ended.outcome.faceCheckFailed' };
  }
  return { code: 'not_completed', reason: null, key: 'ended.outcome.notCompleted' };
}
