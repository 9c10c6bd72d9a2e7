import { describe, expect, it } from 'vitest';
import type { TellerCallRow } from '../call-history-store.js';
import { tellerHistory } from './teller-history.js';

const row = (overrides: Partial<TellerCallRow>): TellerCallRow => ({
  callId: 'c1',
  serviceId: 'contact-change',
  customerName: '王小明',
  startedAt: 1_000,
  endedAt: 5_000,
  endReason: 'teller_hung_up',
  leftAt: 5_000,
  serviceStatus: 'completed',
  hasRecord: true,
  wrapUpOutcome: 'resolved',
  wrapUpNote: '',
  wrappedUp: true,
  ...overrides,
});
const input = {
  today: 'today',
  dayOf: (at: number) => (at >= 1_000 ? 'today' : 'yesterday'),
  outcomes: [{ code: 'resolved', label: { 'zh-CN': '已办结', en: 'Resolved' } }],
  recordUrlOf: (callId: string) => `/record/${callId}`,
};

describe('tellerHistory', () => {
  it('lists the day’s calls with their outcome, label and record', () => {
    expect(tellerHistory([row({}), row({ callId: 'old', startedAt: 10 })], input)).toEqual([
      {
        callId: 'c1',
        serviceId: 'contact-change',
        customerName: '王小明',
        startedAt: 1_000,
        endedAt: 5_000,
        endReason: 'teller_hung_up',
        serviceStatus: 'completed',
        wrapUp: { outcome: 'resolved', label: input.outcomes[0]!.label, note: '' },
        recordUrl: '/record/c1',
      },
    ]);
  });

  it('says a call the teller handed over was transferred, ending when the teller left it', () => {
    const [handedOver] = tellerHistory([row({ leftAt: 3_000, endedAt: null, endReason: null })], input);
    expect(handedOver).toMatchObject({ endedAt: 3_000, endReason: 'transferred' });
  });

  it('links a record only once the service ended, and keeps an outcome no longer configured', () => {
    const [running] = tellerHistory(
      [row({ serviceStatus: 'in_progress', hasRecord: false, wrapUpOutcome: 'gone', wrappedUp: true })],
      input,
    );
    expect(running).toMatchObject({ recordUrl: null, wrapUp: { outcome: 'gone', label: null } });
    const [awaitingSignature] = tellerHistory([row({ hasRecord: false, wrappedUp: false })], input);
    expect(awaitingSignature).toMatchObject({ recordUrl: '/record/c1', wrapUp: null });
  });
});
