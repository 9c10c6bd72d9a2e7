import { describe, expect, it } from 'vitest';
import { CALL_EVENT_TYPES } from '../../../shared/contracts/call-events.js';
import { timelineLabel } from './timeline-label.js';

const en = (type: string, data: Record<string, unknown>, serviceId = 'x') =>
  timelineLabel({ type, data }, serviceId).en;

describe('timelineLabel', () => {
  it('names the step by its title in the call’s service, in both languages', () => {
    expect(
      timelineLabel({ type: 'service.step_confirmed', data: { stepId: 'new-contact' } }, 'contact-change'),
    ).toEqual({ 'zh-CN': '步骤已确认:新联系方式', en: 'Step confirmed: New contact details' });
    expect(
      timelineLabel({ type: 'service.step_pushed', data: { stepId: 'gone' } }, 'contact-change'),
    ).toEqual({ 'zh-CN': '展示步骤:gone', en: 'Step shown: gone' });
  });

  it('says which side left and why a call ended or was transferred', () => {
    expect(timelineLabel({ type: 'call.participant.left', data: { participant: 'teller:u1' } }, 'x')).toEqual(
      {
        'zh-CN': '柜员离开',
        en: 'Teller left',
      },
    );
    expect(en('call.participant.rejoined', { participant: 'customer' })).toBe('Customer rejoined');
    expect(timelineLabel({ type: 'call.ended', data: { reason: 'teller_hung_up' } }, 'x')).toEqual({
      'zh-CN': '通话结束:teller_hung_up',
      en: 'Call ended: teller_hung_up',
    });
    expect(en('call.ended', {})).toBe('Call ended');
    expect(en('transfer.requested', { reason: 'Cantonese' })).toBe('Transfer requested: Cantonese');
    expect(en('face.review.decided', { decision: 'pass' })).toBe('Face review decided: pass');
  });

  it('labels every event type in both languages, each differently', () => {
    const labels = CALL_EVENT_TYPES.map((type) => timelineLabel({ type, data: {} }, 'x'));
    for (const label of labels) {
      expect(label['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(label.en).toMatch(/^[A-Z][a-z]/);
    }
    expect(new Set(labels.map((l) => l.en)).size).toBe(CALL_EVENT_TYPES.length);
    expect(new Set(labels.map((l) => l['zh-CN'])).size).toBe(CALL_EVENT_TYPES.length);
  });

  it('labels a former name like today’s', () => {
    expect(timelineLabel({ type: 'service.service_completed', data: {} }, 'x')).toEqual(
      timelineLabel({ type: 'service.completed', data: {} }, 'x'),
    );
    expect(en('service.service_withdrawn', { stepId: 'retention' })).toBe('Service withdrawn');
  });

  it('reads an event type it does not know', () => {
    expect(timelineLabel({ type: 'recording.segment_started', data: {} }, 'x')).toEqual({
      'zh-CN': 'Recording segment started',
      en: 'Recording segment started',
    });
  });
});
