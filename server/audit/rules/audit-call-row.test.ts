import { describe, expect, it } from 'vitest';
import { auditCallRow, auditStatusOf, dayStartMs, dayWindow, type AuditCallFacts } from './audit-call-row.js';

const COMPLETED = {
  service: 'completed',
  notCompletedBecause: null,
  endReason: 'customer_hung_up',
  face: 'not_done',
  transfers: 0,
  recordingFailures: 0,
} as const;

const facts = (overrides: Partial<AuditCallFacts> = {}): AuditCallFacts => ({
  callId: 'call-1',
  startedAt: 1_000,
  endedAt: 61_000,
  serviceId: 'consultation',
  tellers: [{ username: 'teller1', displayName: 'Teller One' }],
  customerName: '王小明',
  customerIdNumber: '11010519491231002X',
  recordingStatus: 'complete',
  decision: null,
  outcome: COMPLETED,
  ...overrides,
});

describe('auditStatusOf', () => {
  const decided = {
    decision: 'rejected' as const,
    comment: 'no consent shown',
    by: 'auditor1',
    at: 5,
    seenOutcome: null,
  };

  it('holds a high-risk call pending until it is decided', () => {
    expect(auditStatusOf(true, null)).toBe('pending');
    expect(auditStatusOf(true, decided)).toBe('rejected');
  });

  it('needs no audit for other calls, unless one was made', () => {
    expect(auditStatusOf(false, null)).toBe('not_required');
    expect(auditStatusOf(false, { ...decided, decision: 'approved' })).toBe('approved');
  });
});

describe('auditCallRow', () => {
  it('masks the customer and takes the risk from the catalog', () => {
    expect(auditCallRow(facts())).toEqual({
      callId: 'call-1',
      startedAt: 1_000,
      endedAt: 61_000,
      serviceId: 'consultation',
      tellers: [{ username: 'teller1', displayName: 'Teller One' }],
      customerNameMasked: '王**',
      customerIdMasked: '**************002X',
      highRisk: false,
      auditStatus: 'not_required',
      recordingStatus: 'complete',
      outcome: COMPLETED,
    });
    expect(auditCallRow(facts({ serviceId: 'policy-loan' }))).toMatchObject({
      highRisk: true,
      auditStatus: 'pending',
    });
  });
});

describe('dayWindow', () => {
  it('covers both days whole, in the institution’s time zone', () => {
    expect(dayWindow('2026-03-01', '2026-03-02', 'Asia/Shanghai')).toEqual({
      fromMs: Date.UTC(2026, 1, 28, 16),
      toMs: Date.UTC(2026, 2, 2, 16),
    });
    expect(dayWindow('2026-03-01', '2026-03-01', 'UTC')).toEqual({
      fromMs: Date.UTC(2026, 2, 1),
      toMs: Date.UTC(2026, 2, 2),
    });
    expect(dayWindow(undefined, undefined, 'Asia/Shanghai')).toEqual({ fromMs: null, toMs: null });
  });

  it('follows a daylight-saving change', () => {
    // Zurich moves from UTC+1 to UTC+2 in the night to 2026-03-29.
    expect(dayStartMs('2026-03-29', 'Europe/Zurich')).toBe(Date.UTC(2026, 2, 28, 23));
    expect(dayStartMs('2026-03-30', 'Europe/Zurich')).toBe(Date.UTC(2026, 2, 29, 22));
  });
});
