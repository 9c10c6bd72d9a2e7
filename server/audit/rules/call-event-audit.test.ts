import { describe, expect, it } from 'vitest';
import { CALL_EVENT_TYPES } from '../../../shared/contracts/call-events.js';
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

  it('only names actions the chain knows, for every call event type', () => {
    const actions = CALL_EVENT_TYPES.map((type) => auditOfCallEvent({ type })?.action).filter(
      (action) => action !== undefined,
    );
    for (const action of actions) expect(AUDIT_ACTIONS).toContain(action);
    expect(actions).toEqual([
      'transfer.cancelled',
      'service.step_pushed',
      'service.step_confirmed',
      'service.correction_requested',
      'service.withdrawn',
      'document.uploaded',
      'service.signature_requested',
      'service.completed',
      'record.downloaded',
      'record.access_denied',
      'face.reference_uploaded',
      'face.check_started',
      'face.review_decided',
      'chat.sent',
      'chat.file_sent',
      'monitor.listen',
      'monitor.whisper',
      'monitor.barge',
      'monitor.left',
    ]);
  });

  it('audits a former name like today’s', () => {
    expect(auditOfCallEvent({ type: 'service.service_completed', data: { serviceId: 'x' } })).toEqual(
      auditOfCallEvent({ type: 'service.completed', data: { serviceId: 'x' } }),
    );
    expect(auditOfCallEvent({ type: 'service.service_withdrawn', data: { stepId: 'retention' } })).toEqual({
      action: 'service.withdrawn',
      details: { stepId: 'retention' },
    });
  });

  it('ignores a type it does not know', () => {
    expect(auditOfCallEvent({ type: 'service.unknown', data: { stepId: 'x' } })).toBeUndefined();
  });
});
