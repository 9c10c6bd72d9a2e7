import { describe, expect, it } from 'vitest';
import { CUSTOMER, FlowDriver, TELLER } from './rules/flow-fixtures.js';
import { callDay } from '../platform/call-day.js';
import { serviceStateView, type ServiceExtras } from './service-view.js';

const NONE: ServiceExtras = {
  signatureRequested: false,
  signature: undefined,
  faceCheck: undefined,
  faceCheckFailed: false,
  recordUrl: null,
  rated: false,
};

describe('the service state both pages draw', () => {
  it('offers the first step, then nothing to push while a step is open', () => {
    const flow = FlowDriver.start('contact-change');
    expect(serviceStateView(flow.state, NONE).nextStepId).toBe('policy');
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    const view = serviceStateView(flow.state, NONE);
    expect(view.nextStepId).toBeNull();
    expect(view.summaryHash).toBeNull();
    expect(view.steps).toMatchObject([{ stepId: 'policy', status: 'awaiting_customer', correction: null }]);
  });

  it('shows the latest correction only while the step waits for the customer', () => {
    const flow = FlowDriver.start('contact-change');
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values: { policyNumber: 'P2019000123' } });
    flow.do(TELLER, { type: 'request_correction', stepId: 'policy', message: 'check the last digit' });
    expect(serviceStateView(flow.state, NONE).steps[0]?.correction).toBe('check the last digit');
    flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values: { policyNumber: 'P2019000123' } });
    expect(serviceStateView(flow.state, NONE).steps[0]?.correction).toBeNull();
  });

  it('gives the summary and its hash once every step is confirmed, and names what blocks completion', () => {
    const flow = FlowDriver.start('policy-loan').walkAllSteps();
    const view = serviceStateView(flow.state, NONE);
    expect(view.summaryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(view.blockers).toEqual(['signature_missing', 'face_check_required']);
    const passed = { ...NONE, faceCheck: { checkId: 'fc', passed: true } };
    expect(serviceStateView(flow.state, passed).blockers).toEqual(['signature_missing']);
  });

  it('tells the customer whether the face check passed, failed or has not been judged', () => {
    const flow = FlowDriver.start('policy-loan').walkAllSteps();
    expect(serviceStateView(flow.state, NONE).faceCheck).toBeNull();
    expect(serviceStateView(flow.state, { ...NONE, faceCheckFailed: true }).faceCheck).toBe('failed');
    const passed = { ...NONE, faceCheck: { checkId: 'fc', passed: true } };
    expect(serviceStateView(flow.state, passed).faceCheck).toBe('passed');
  });
});

describe('the day of a call', () => {
  it('follows the institution’s calendar (UTC+8), not the server’s', () => {
    expect(callDay(Date.UTC(2025, 2, 14, 15, 59))).toBe('2025-03-14');
    expect(callDay(Date.UTC(2025, 2, 14, 16, 0))).toBe('2025-03-15');
  });
});
