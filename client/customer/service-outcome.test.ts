import { describe, expect, it } from 'vitest';
import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import { serviceOutcome } from './service-outcome.js';

const view = (status: ServiceStateView['status'], faceCheck: ServiceStateView['faceCheck'] = null) =>
  ({ status, faceCheck }) as ServiceStateView;

describe('serviceOutcome', () => {
  it('says a service was completed or withdrawn', () => {
    expect(serviceOutcome(view('completed', 'passed'))?.code).toBe('completed');
    expect(serviceOutcome(view('withdrawn'))?.code).toBe('withdrawn');
  });

  it('says a service the call left unfinished was not completed, and why when the face check failed', () => {
    expect(serviceOutcome(view('in_progress'))).toEqual({
      code: 'not_completed',
      reason: null,
      key: 'ended.outcome.notCompleted',
    });
    expect(serviceOutcome(view('in_progress', 'failed'))).toEqual({
      code: 'not_completed',
      reason: 'face_check_failed',
      key: 'ended.outcome.faceCheckFailed',
    });
  });

  it('says nothing when nothing is known', () => {
    expect(serviceOutcome(null)).toBeNull();
  });
});
