import { describe, expect, it } from 'vitest';
import { timelineLabel } from './timeline-label.js';

describe('timelineLabel', () => {
  it('names the step by its English title in the call’s service', () => {
    expect(
      timelineLabel({ type: 'service.step_confirmed', data: { stepId: 'new-contact' } }, 'contact-change'),
    ).toBe('Step confirmed: New contact details');
    expect(timelineLabel({ type: 'service.step_pushed', data: { stepId: 'gone' } }, 'contact-change')).toBe(
      'Step shown: gone',
    );
  });

  it('says which side left and why a call ended or was transferred', () => {
    expect(timelineLabel({ type: 'call.participant.left', data: { participant: 'teller:u1' } }, 'x')).toBe(
      'Teller left',
    );
    expect(timelineLabel({ type: 'call.participant.rejoined', data: { participant: 'customer' } }, 'x')).toBe(
      'Customer rejoined',
    );
    expect(timelineLabel({ type: 'call.ended', data: { reason: 'teller' } }, 'x')).toBe('Call ended: teller');
    expect(timelineLabel({ type: 'call.ended', data: {} }, 'x')).toBe('Call ended');
    expect(timelineLabel({ type: 'transfer.requested', data: { reason: 'Cantonese' } }, 'x')).toBe(
      'Transfer requested: Cantonese',
    );
  });

  it('reads an event type it does not know', () => {
    expect(timelineLabel({ type: 'recording.segment_started', data: {} }, 'x')).toBe(
      'Recording segment started',
    );
  });
});
