import { describe, expect, it } from 'vitest';
import { timelineActor, timelineFacts } from './timeline-facts.js';

describe('timelineFacts', () => {
  it('gives the step’s title in the call’s service, in both languages, or its id', () => {
    expect(
      timelineFacts({ type: 'service.step_confirmed', data: { stepId: 'new-contact' } }, 'contact-change'),
    ).toEqual({ step: { 'zh-CN': '新联系方式', en: 'New contact details' } });
    expect(
      timelineFacts({ type: 'service.step_pushed', data: { stepId: 'gone' } }, 'contact-change'),
    ).toEqual({
      step: { 'zh-CN': 'gone', en: 'gone' },
    });
  });

  it('keeps codes as codes for the page to name, and the teller’s own words as written', () => {
    expect(timelineFacts({ type: 'call.ended', data: { reason: 'teller_hung_up' } }, 'x')).toEqual({
      endReason: 'teller_hung_up',
    });
    // A reason this version does not know is left out rather than shown raw.
    expect(timelineFacts({ type: 'call.ended', data: { reason: 'customer' } }, 'x')).toEqual({});
    expect(timelineFacts({ type: 'call.participant.left', data: { participant: 'teller:u1' } }, 'x')).toEqual(
      {
        side: 'teller',
      },
    );
    expect(timelineFacts({ type: 'transfer.requested', data: { reason: '需要粤语' } }, 'x')).toEqual({
      note: '需要粤语',
    });
    expect(timelineFacts({ type: 'face.review.decided', data: { decision: 'pass' } }, 'x')).toEqual({
      decision: 'pass',
    });
    expect(timelineFacts({ type: 'service.service_completed', data: {} }, 'x')).toEqual({});
  });
});

describe('timelineActor', () => {
  it('names staff by username and leaves the customer and the system for the page to name', () => {
    const names = (id: string) => (id === 'u1' ? 'teller1' : undefined);
    expect(timelineActor('u1', names)).toEqual({ kind: 'staff', name: 'teller1' });
    expect(timelineActor('customer', names)).toEqual({ kind: 'customer' });
    expect(timelineActor('ticket:t1', names)).toEqual({ kind: 'customer' });
    expect(timelineActor('system', names)).toEqual({ kind: 'system' });
  });
});
