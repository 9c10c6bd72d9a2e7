import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './audit-actions.js';
import { auditOfCallEvent } from './call-event-audit.js';

describe('auditOfCallEvent', () => {
  it('maps a teller’s step confirmation and face review decision to their actions', () => {
    expect(auditOfCallEvent({ type: 'service.step_confirmed', data: { stepId: 'policy' } })).toEqual({
      action: 'service.step_confirmed',
      details: { stepId: 'policy' },
    });
    expect(
      auditOfCallEvent({
        type: 'face.review.decided',
        data: { checkId: 'c1', decision: 'pass', by: 'Teller One', distance: 0.41 },
      }),
    ).toEqual({ action: 'face.review_decided', details: { checkId: 'c1', decision: 'pass' } });
    expect(auditOfCallEvent({ type: 'record.downloaded' })).toEqual({
      action: 'record.downloaded',
      details: {},
    });
  });

  it('keeps what the customer entered out of the chain', () => {
    const pushed = auditOfCallEvent({
      type: 'service.step_pushed',
      data: { stepId: 'retention', index: 2, presented: { cashValue: '1000.00' } },
    });
    expect(pushed).toEqual({ action: 'service.step_pushed', details: { stepId: 'retention' } });
    expect(auditOfCallEvent({ type: 'service.step_submitted', data: { values: { a: 1 } } })).toBeUndefined();
  });

  it('ignores events that are no staff action', () => {
    for (const type of ['call.started', 'consent.recording', 'face.check.passed', 'queue.joined'])
      expect(auditOfCallEvent({ type })).toBeUndefined();
  });

  it('only names actions the chain knows', () => {
    const types = [
      'service.step_pushed',
      'service.step_confirmed',
      'service.step_correction_requested',
      'service.signature_requested',
      'service.service_completed',
      'service.service_withdrawn',
      'face.check.started',
      'face.review.decided',
      'transfer.cancelled',
      'record.downloaded',
      'record.access_denied',
    ];
    for (const type of types) expect(AUDIT_ACTIONS).toContain(auditOfCallEvent({ type })?.action);
  });
});
