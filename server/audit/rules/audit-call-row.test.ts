import { describe, expect, it } from 'vitest';
import {
  auditCallRow,
  auditStatusOf,
  maskName,
  utcDayWindow,
  type AuditCallFacts,
} from './audit-call-row.js';

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
  ...overrides,
});

describe('maskName', () => {
  it('keeps the first character of each word', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('  Ann   Lee ')).toBe('A** L**');
    expect(maskName('Chan Tai Man')).toBe('C*** T** M**');
  });

  it('shows nothing of a one-character word', () => {
    expect(maskName('王')).toBe('*');
    expect(maskName('Li X')).toBe('L* *');
  });
});

describe('auditStatusOf', () => {
  const decided = { decision: 'rejected' as const, comment: 'no consent shown', by: 'auditor1', at: 5 };

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
    });
    expect(auditCallRow(facts({ serviceId: 'policy-loan' }))).toMatchObject({
      highRisk: true,
      auditStatus: 'pending',
    });
  });
});

describe('utcDayWindow', () => {
  it('covers both days whole, in UTC', () => {
    expect(utcDayWindow('2026-03-01', '2026-03-02')).toEqual({
      fromMs: Date.UTC(2026, 2, 1),
      toMs: Date.UTC(2026, 2, 3),
    });
    expect(utcDayWindow(undefined, undefined)).toEqual({ fromMs: null, toMs: null });
  });
});
