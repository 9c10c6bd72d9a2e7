import { describe, expect, it } from 'vitest';
import { callOutcome, type OutcomeEvent } from './call-outcome.js';

const ev = (type: string, data: Record<string, unknown> = {}): OutcomeEvent => ({ type, data });

describe('callOutcome', () => {
  it('tells a completed service with a passed face check from one stopped by the face check', () => {
    expect(
      callOutcome(
        [
          ev('call.started'),
          ev('face.check.passed'),
          ev('service.completed'),
          ev('call.ended', { reason: 'customer_hung_up' }),
        ],
        true,
      ),
    ).toEqual({
      service: 'completed',
      notCompletedBecause: null,
      endReason: 'customer_hung_up',
      face: 'passed',
      transfers: 0,
      recordingFailures: 0,
    });
    expect(
      callOutcome(
        [
          ev('face.check.failed'),
          ev('face.attempts.exhausted'),
          ev('call.ended', { reason: 'teller_hung_up' }),
        ],
        true,
      ),
    ).toMatchObject({
      service: 'not_completed',
      notCompletedBecause: 'face_attempts_exhausted',
      face: 'failed',
      endReason: 'teller_hung_up',
    });
    expect(callOutcome([ev('face.check.failed')], true).notCompletedBecause).toBe('face_check_failed');
  });

  it('says a call ended before its service, and a call going on is in progress', () => {
    expect(callOutcome([ev('call.ended', { reason: 'customer_disconnected' })], true)).toMatchObject({
      service: 'not_completed',
      notCompletedBecause: 'call_ended',
      face: 'not_done',
    });
    expect(callOutcome([ev('call.started')], false)).toMatchObject({
      service: 'in_progress',
      notCompletedBecause: null,
      endReason: null,
    });
  });

  it('counts transfers and recorder failures, takes the teller’s review decision and reads former names', () => {
    expect(
      callOutcome(
        [
          ev('call.ended', { reason: 'transferred' }),
          ev('transfer.completed'),
          ev('face.check.review'),
          ev('face.review.decided', { decision: 'pass' }),
          ev('recording.failed'),
          ev('service.service_withdrawn'),
          ev('call.ended', { reason: 'teller_hung_up' }),
        ],
        true,
      ),
    ).toEqual({
      service: 'withdrawn',
      notCompletedBecause: null,
      endReason: 'teller_hung_up',
      face: 'passed',
      transfers: 1,
      recordingFailures: 1,
    });
  });
});
