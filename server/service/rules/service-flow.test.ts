import { describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../../shared/catalog/example-values.js';
import { SERVICES } from '../../../shared/catalog/services.js';
import { CUSTOMER, FlowDriver, TELLER } from './flow-fixtures.js';
import { MAX_REMEMBERED_MESSAGES } from './service-flow.js';

const reasonOf = (outcome: { ok: boolean; error?: { code: string; issues?: { code: string }[] } }) =>
  outcome.ok ? 'ok' : `${outcome.error!.code}/${outcome.error!.issues?.map((i) => i.code).join(',')}`;

const passedFaceCheck = { checkId: 'fc-1', passed: true, score: 0.91, threshold: 0.6 };

describe('the service flow', () => {
  it('walks a contact change to completion and returns an event for every change', () => {
    const flow = FlowDriver.start('contact-change').walkAllSteps();
    expect(flow.sign().ok).toBe(true);
    const done = flow.do(TELLER, { type: 'complete' });
    expect(done).toMatchObject({ ok: true, reply: { status: 'completed' } });
    const events = flow.outcomes.flatMap((o) => (o.ok ? o.events : []));
    expect(events.map((e) => e.type)).toEqual([
      'step_pushed',
      'step_submitted',
      'step_confirmed',
      'step_pushed',
      'step_submitted',
      'step_confirmed',
      'signature_captured',
      'completed',
    ]);
    expect(events[4]).toMatchObject({
      actor: CUSTOMER,
      data: { stepId: 'new-contact', values: { mobilePhone: '13800138000' } },
    });
    expect(events.every((e, i) => i === 0 || e.at > events[i - 1]!.at)).toBe(true);
  });

  it('pushes only the next step, and only once the current one is confirmed', () => {
    const flow = FlowDriver.start('policy-loan');
    expect(reasonOf(flow.do(TELLER, { type: 'push_step', stepId: 'loan-terms' }))).toBe(
      'invalid_state/step_out_of_order',
    );
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    expect(reasonOf(flow.do(TELLER, { type: 'push_step', stepId: 'loan-terms' }))).toBe(
      'invalid_state/previous_step_unconfirmed',
    );
    expect(reasonOf(flow.do(TELLER, { type: 'confirm_step', stepId: 'policy' }))).toBe(
      'invalid_state/step_not_submitted',
    );
    expect(reasonOf(flow.do(CUSTOMER, { type: 'push_step', stepId: 'policy' }))).toBe(
      'forbidden/wrong_sender',
    );
  });

  it('stores nothing from an invalid submission and answers per-field codes', () => {
    const flow = FlowDriver.start('policy-loan');
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    flow.do(CUSTOMER, {
      type: 'submit_step',
      stepId: 'policy',
      values: EXAMPLE_VALUES['policy-loan'].policy,
    });
    flow.do(TELLER, { type: 'confirm_step', stepId: 'policy' });
    flow.do(TELLER, { type: 'push_step', stepId: 'loan-terms' });
    const before = flow.state;
    const refused = flow.do(CUSTOMER, {
      type: 'submit_step',
      stepId: 'loan-terms',
      values: { cashValue: '10000', amount: '9000', termMonths: '12' },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_payload',
        issues: [
          { path: 'termMonths', code: 'too_large' },
          { path: 'amount', code: 'loan_exceeds_80_percent_of_cash_value' },
        ],
      },
    });
    expect(flow.state).toBe(before);
    const overLimit = flow.do(CUSTOMER, {
      type: 'submit_step',
      stepId: 'loan-terms',
      values: { cashValue: '10000', amount: '9000', termMonths: '6' },
    });
    expect(overLimit).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'amount', code: 'loan_exceeds_80_percent_of_cash_value' }] },
    });
    expect(flow.state.steps.at(-1)).toMatchObject({ stepId: 'loan-terms', status: 'awaiting_customer' });
    expect(flow.state.steps.at(-1)!.values).toBeUndefined();
  });

  it('lets the teller ask for a correction with a message, then accepts the fixed values', () => {
    const flow = FlowDriver.start('contact-change');
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values: { policyNumber: 'P2019000999' } });
    expect(reasonOf(flow.do(TELLER, { type: 'request_correction', stepId: 'policy', message: '  ' }))).toBe(
      'invalid_payload/required',
    );
    const correction = flow.do(TELLER, {
      type: 'request_correction',
      stepId: 'policy',
      message: '保单号最后三位应为123',
    });
    expect(correction).toMatchObject({
      ok: true,
      reply: { stepStatus: 'awaiting_customer' },
      events: [{ type: 'step_correction_requested', data: { message: '保单号最后三位应为123' } }],
    });
    flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values: { policyNumber: 'P2019000123' } });
    flow.do(TELLER, { type: 'confirm_step', stepId: 'policy' });
    expect(flow.state.steps[0]).toMatchObject({
      status: 'confirmed',
      values: { policyNumber: 'P2019000123' },
      corrections: [{ message: '保单号最后三位应为123', by: 'teller-1' }],
    });
    expect(reasonOf(flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values: {} }))).toBe(
      'invalid_state/step_confirmed',
    );
  });

  it('answers a retried message with its first reply and changes nothing', () => {
    const flow = FlowDriver.start('contact-change');
    const push = flow.message(TELLER, { type: 'push_step', stepId: 'policy' });
    const first = flow.send(push);
    const stateAfterFirst = flow.state;
    const retry = flow.send({ ...push, at: push.at + 5000 });
    expect(retry).toMatchObject({ ok: true, replayed: true, events: [] });
    expect(retry.ok && first.ok && retry.reply).toEqual(first.ok && first.reply);
    expect(flow.state).toBe(stateAfterFirst);
    expect(flow.state.steps).toHaveLength(1);
    const reused = flow.send({ ...push, command: { type: 'push_step', stepId: 'new-contact' } });
    expect(reasonOf(reused)).toBe('conflict/message_id_reused');
  });

  it('ends a surrender without surrendering when the customer keeps the policy', () => {
    const flow = FlowDriver.start('surrender');
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values: EXAMPLE_VALUES.surrender.policy });
    flow.do(TELLER, { type: 'confirm_step', stepId: 'policy' });
    expect(reasonOf(flow.do(TELLER, { type: 'push_step', stepId: 'retention' }))).toBe(
      'invalid_payload/required,required,required',
    );
    flow.do(TELLER, {
      type: 'push_step',
      stepId: 'retention',
      presented: { coverageLost: '身故保障 50 万元', cashValue: '42000', premiumsPaid: '60000' },
    });
    expect(flow.state.steps[1]!.presented).toEqual({
      coverageLost: '身故保障 50 万元',
      cashValue: '42000.00',
      premiumsPaid: '60000.00',
    });
    const kept = flow.do(CUSTOMER, {
      type: 'submit_step',
      stepId: 'retention',
      values: { decision: 'withdraw' },
    });
    expect(kept).toMatchObject({
      ok: true,
      reply: { status: 'withdrawn' },
      events: [{ type: 'withdrawn' }],
    });
    expect(reasonOf(flow.do(TELLER, { type: 'push_step', stepId: 'receiving-account' }))).toBe(
      'invalid_state/service_withdrawn',
    );
    expect(reasonOf(flow.do(TELLER, { type: 'complete' }))).toBe('invalid_state/service_withdrawn');
  });

  it('offers the withdrawal only on the retention step', () => {
    const flow = FlowDriver.start('surrender');
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    expect(reasonOf(flow.do(CUSTOMER, { type: 'withdraw', stepId: 'policy' }))).toBe(
      'invalid_state/not_withdrawable',
    );
  });
});

describe('the signature', () => {
  it('is taken only after every step is confirmed, over the summary the customer saw', () => {
    const flow = FlowDriver.start('contact-change');
    expect(reasonOf(flow.sign())).toBe('invalid_state/steps_unconfirmed');
    flow.walkAllSteps();
    const stale = flow.do(CUSTOMER, {
      type: 'capture_signature',
      summaryHash: '0'.repeat(64),
      imageSha256: 'cd'.repeat(32),
      strokes: [],
    });
    expect(reasonOf(stale)).toBe('signature_rejected/summary_mismatch');
    expect(reasonOf(flow.sign([[{ x: 1, y: 1, t: 0 }]]))).toBe('signature_rejected/signature_too_few_points');
    expect(flow.sign()).toMatchObject({ ok: true, events: [{ type: 'signature_captured' }] });
    expect(flow.state.signature).toMatchObject({ pointCount: 40, durationMs: 1170 });
    expect(reasonOf(flow.sign())).toBe('invalid_state/signature_already_captured');
  });

  it('is refused where the service needs none', () => {
    const flow = FlowDriver.start('consultation').walkAllSteps();
    expect(reasonOf(flow.sign())).toBe('invalid_state/signature_not_required');
    expect(flow.do(TELLER, { type: 'complete' })).toMatchObject({ ok: true });
  });
});

describe('the completion gate', () => {
  it('refuses until every step is confirmed and the signature is captured', () => {
    const flow = FlowDriver.start('contact-change');
    expect(reasonOf(flow.do(TELLER, { type: 'complete' }))).toBe(
      'completion_refused/steps_unconfirmed,signature_missing',
    );
    flow.walkAllSteps();
    expect(reasonOf(flow.do(TELLER, { type: 'complete' }))).toBe('completion_refused/signature_missing');
  });

  it('refuses every high-risk service without a passed face check', () => {
    for (const service of SERVICES.filter((s) => s.risk === 'high')) {
      const flow = FlowDriver.start(service.id).walkAllSteps();
      flow.sign();
      expect(reasonOf(flow.do(TELLER, { type: 'complete' })), service.id).toBe(
        'completion_refused/face_check_required',
      );
      const failed = { ...passedFaceCheck, passed: false, score: 0.2 };
      expect(reasonOf(flow.do(TELLER, { type: 'complete', faceCheck: failed }))).toBe(
        'completion_refused/face_check_required',
      );
      expect(flow.do(TELLER, { type: 'complete', faceCheck: passedFaceCheck })).toMatchObject({ ok: true });
      expect(flow.state.faceCheck).toEqual(passedFaceCheck);
    }
  });
});

describe('caps on what a flow stores', () => {
  const loopCorrections = (flow: FlowDriver, times: number) => {
    const values = EXAMPLE_VALUES['contact-change'].policy;
    let last = flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values });
    for (let i = 0; i < times && last.ok; i++) {
      last = flow.do(TELLER, { type: 'request_correction', stepId: 'policy', message: `again ${i}` });
      if (last.ok) last = flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values });
    }
    return last;
  };

  it('refuses an eleventh correction of a step, and keeps the ten', () => {
    const flow = FlowDriver.start('contact-change');
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    expect(reasonOf(loopCorrections(flow, 11))).toBe('invalid_state/too_many_corrections');
    expect(flow.state.steps[0]!.corrections).toHaveLength(10);
  });

  it('refuses a step submitted more than 25 times', () => {
    const flow = FlowDriver.start('contact-change');
    flow.do(TELLER, { type: 'push_step', stepId: 'policy' });
    const values = EXAMPLE_VALUES['contact-change'].policy;
    const outcomes = Array.from({ length: 26 }, () =>
      flow.do(CUSTOMER, { type: 'submit_step', stepId: 'policy', values }),
    );
    expect(outcomes.slice(0, 25).every((o) => o.ok)).toBe(true);
    expect(reasonOf(outcomes[25]!)).toBe('invalid_state/too_many_submissions');
  });

  it('remembers only the latest accepted message ids, dropping the oldest', () => {
    const flow = FlowDriver.start('contact-change');
    const old = Array.from({ length: 250 }, (_, i) => [
      `old-${i}`,
      { fingerprint: 'f', reply: { status: 'in_progress' as const } },
    ]);
    flow.state = { ...flow.state, handled: Object.fromEntries(old) };
    expect(flow.do(TELLER, { type: 'push_step', stepId: 'policy' }).ok).toBe(true);
    const ids = Object.keys(flow.state.handled);
    expect(ids).toHaveLength(MAX_REMEMBERED_MESSAGES);
    expect(ids[0]).toBe(`old-${251 - MAX_REMEMBERED_MESSAGES}`);
    expect(ids.at(-1)).toBe('m1');
  });
});
