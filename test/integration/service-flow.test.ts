import { describe, expect, it } from 'vitest';
import { EXAMPLE_RETENTION_PRESENTED, EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import { ask, connect, login, nextEvent, request } from '../support/clients.js';
import type { ServiceId } from '../../shared/catalog/services.js';
import {
  binaryRequest,
  dotStrokes,
  drawnStrokes,
  messageId,
  runStep,
  serviceCall,
  signSummary,
  signaturePng,
} from '../support/service-client.js';
import { tellerAtDesk } from '../support/staff.js';
import { serverPerTest } from '../support/server-per-test.js';
import { waitFor } from '../support/wait.js';

const context = serverPerTest();
const { sockets } = context;

const callFor = (serviceId: ServiceId) => serviceCall(context.server, serviceId, sockets);

const eventsOf = (callId: string, type: string) =>
  context.server.kysely
    .selectFrom('call_events')
    .select(['actor', 'at', 'data'])
    .where('call_id', '=', callId)
    .where('type', '=', type)
    .execute();

describe('a guided service over socket.io', () => {
  it('walks a contact change through a rejected field, a correction, a reconnect, the signature and the record', async () => {
    const call = await callFor('contact-change');
    const { callId } = call;
    const values = EXAMPLE_VALUES['contact-change'];

    // A step cannot be skipped, and the customer cannot push.
    const skipped = await ask(call.teller, 'service:push', {
      callId,
      messageId: messageId(),
      stepId: 'new-contact',
    });
    expect(skipped).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const byCustomer = await ask(call.customer, 'service:push', {
      callId,
      messageId: messageId(),
      stepId: 'policy',
    });
    expect(byCustomer).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const pushed = nextEvent(call.customer, 'service:state', (s) => s.steps.length === 1);
    await request(call.teller, 'service:push', { callId, messageId: messageId(), stepId: 'policy' });
    expect((await pushed).steps[0]).toMatchObject({ stepId: 'policy', status: 'awaiting_customer' });

    // A bad field: per-field code, nothing stored.
    const bad = await ask(call.customer, 'service:submit', {
      callId,
      messageId: messageId(),
      stepId: 'policy',
      values: { policyNumber: '!' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(!bad.ok && bad.error.issues?.[0]?.path).toBe('policyNumber');
    expect(await eventsOf(callId, 'service.step_submitted')).toHaveLength(0);

    // The teller sees the values live and asks for a correction; the customer sees the message.
    const seen = nextEvent(call.teller, 'service:state', (s) => s.steps[0]?.status === 'submitted');
    await request(call.customer, 'service:submit', {
      callId,
      messageId: messageId(),
      stepId: 'policy',
      values: values.policy,
    });
    expect((await seen).steps[0]?.values).toEqual(values.policy);
    const corrected = nextEvent(call.customer, 'service:state', (s) => s.steps[0]?.correction !== null);
    await request(call.teller, 'service:correct', {
      callId,
      messageId: messageId(),
      stepId: 'policy',
      message: '请核对保单号',
    });
    expect((await corrected).steps[0]?.correction).toBe('请核对保单号');
    await request(call.customer, 'service:submit', {
      callId,
      messageId: messageId(),
      stepId: 'policy',
      values: values.policy,
    });
    await request(call.teller, 'service:confirm', { callId, messageId: messageId(), stepId: 'policy' });
    await request(call.teller, 'service:push', { callId, messageId: messageId(), stepId: 'new-contact' });

    // The customer's page drops and comes back: it resumes where it was, and its retry is not a second submission.
    // (The new page connects before the old one is gone, so the call itself never drops.)
    const customer = await connect(context.server, { ticketToken: call.ticketToken });
    sockets.push(customer);
    call.customer.close();
    const resumed = await request(customer, 'service:state', { callId });
    expect(resumed.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['policy', 'confirmed'],
      ['new-contact', 'awaiting_customer'],
    ]);
    const submit = { callId, messageId: messageId(), stepId: 'new-contact', values: values['new-contact'] };
    const first = await request(customer, 'service:submit', submit);
    const retry = await request(customer, 'service:submit', submit);
    expect(retry).toEqual(first);
    // Two for the policy (before and after the correction), one for the new contact.
    expect(await eventsOf(callId, 'service.step_submitted')).toHaveLength(3);
    const reused = await ask(customer, 'service:submit', {
      ...submit,
      values: { ...values['new-contact'], postalCode: '100000' },
    });
    expect(reused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await request(call.teller, 'service:confirm', { callId, messageId: messageId(), stepId: 'new-contact' });

    // The signature: the summary and its hash first; a dot is refused; the teller sees the real one.
    const asked = await request(call.teller, 'service:requestSignature', { callId });
    expect(asked.summaryHash).toMatch(/^[0-9a-f]{64}$/);
    const summaryHash = asked.summaryHash!;
    const dot = await ask(customer, 'service:sign', {
      callId,
      messageId: messageId(),
      summaryHash,
      png: signaturePng(),
      strokes: dotStrokes(),
    });
    expect(dot).toMatchObject({ ok: false, error: { code: 'signature_rejected' } });
    const signed = nextEvent(call.teller, 'service:state', (s) => s.signature !== null);
    await request(customer, 'service:sign', {
      callId,
      messageId: messageId(),
      summaryHash,
      png: signaturePng(),
      strokes: drawnStrokes(),
    });
    expect((await signed).signature?.png).toBe(signaturePng());
    const stored = await context.server.kysely
      .selectFrom('call_signatures')
      .select('strokes')
      .where('call_id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.strokes)).toEqual(drawnStrokes());

    const done = await request(call.teller, 'service:complete', { callId, messageId: messageId() });
    expect(done.status).toBe('completed');
    // The call is recorded: its record, with the recording's manifest hash, is signed once the call has ended.
    expect(done.recordUrl).toBe(`/api/calls/${callId}/record.pdf`);
    const completed = nextEvent(customer, 'service:completed', () => true, 20_000);
    await request(call.teller, 'call:hangUp', { callId });
    expect(await completed).toMatchObject({
      callId,
      status: 'completed',
      recordUrl: `/api/calls/${callId}/record.pdf`,
    });
    const pdf = await binaryRequest(context.server, 'GET', `/api/calls/${callId}/record.pdf`, {
      headers: { authorization: `Bearer ${call.ticketToken}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');

    // Every change is in the timeline with its actor.
    const types = (
      await context.server.kysely
        .selectFrom('call_events')
        .select(['type', 'actor'])
        .where('call_id', '=', callId)
        .orderBy('seq')
        .execute()
    ).filter((e) => e.type.startsWith('service.'));
    expect(types.find((e) => e.type === 'service.step_submitted')?.actor).toBe('customer');
    expect(types.at(-1)?.type).toBe('service.completed');

    await request(customer, 'service:rate', { callId, score: 5, comment: '很好' });
    const supervisor = await connect(context.server, {
      token: (await login(context.server, 'supervisor1')).token,
    });
    sockets.push(supervisor);
    expect((await request(supervisor, 'supervisor:board', {})).today.satisfaction).toBe(5);
    expect(await ask(customer, 'service:rate', { callId, score: 4 })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('applies messages that arrive at once one after the other: a step pushed twice at once is pushed once', async () => {
    const { callId, teller } = await callFor('contact-change');
    const push = () => ask(teller, 'service:push', { callId, messageId: messageId(), stepId: 'policy' });
    const answers = await Promise.all([push(), push(), push()]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok)).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: 'invalid_state' }) }),
      expect.objectContaining({ error: expect.objectContaining({ code: 'invalid_state' }) }),
    ]);
    expect(await eventsOf(callId, 'service.step_pushed')).toHaveLength(1);
  });

  it('refuses a policy loan over 80% of the cash value, then takes the corrected amount; completion waits for a passed face check', async () => {
    const call = await callFor('policy-loan');
    const { callId } = call;
    const values = EXAMPLE_VALUES['policy-loan'];
    await runStep(call, 'policy', values.policy);
    await request(call.teller, 'service:push', { callId, messageId: messageId(), stepId: 'loan-terms' });
    const tooMuch = await ask(call.customer, 'service:submit', {
      callId,
      messageId: messageId(),
      stepId: 'loan-terms',
      values: { ...values['loan-terms'], amount: '40000.01' },
    });
    expect(tooMuch).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_payload',
        issues: [{ path: 'amount', code: 'loan_exceeds_80_percent_of_cash_value' }],
      },
    });
    await request(call.customer, 'service:submit', {
      callId,
      messageId: messageId(),
      stepId: 'loan-terms',
      values: values['loan-terms'],
    });
    await request(call.teller, 'service:confirm', { callId, messageId: messageId(), stepId: 'loan-terms' });
    await runStep(call, 'receiving-account', values['receiving-account']);

    // Rating is for the end of the service.
    const early = await ask(call.customer, 'service:rate', { callId, score: 5 });
    expect(early).toMatchObject({ ok: false, error: { code: 'invalid_state' } });

    const refused = await ask(call.teller, 'service:complete', { callId, messageId: messageId() });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'completion_refused',
        issues: [{ code: 'signature_missing' }, { code: 'face_check_required' }],
      },
    });
    expect(await ask(call.teller, 'service:requestSignature', { callId })).toMatchObject({
      ok: false,
      error: { code: 'signature_refused', issues: [{ code: 'face_check_required' }] },
    });
    // What the face-check work writes when a check passes.
    await context.server.kysely
      .insertInto('call_events')
      .values({
        call_id: callId,
        at: Date.now(),
        actor: 'system',
        type: 'face.check.passed',
        data: JSON.stringify({ checkId: 'fc-1', score: 0.31, threshold: 0.42, referenceSource: 'teller' }),
      })
      .execute();
    await signSummary(call);
    const done = await request(call.teller, 'service:complete', { callId, messageId: messageId() });
    expect(done.status).toBe('completed');
  });

  it('lets a surrender be withdrawn at the retention step, which ends the service without surrender', async () => {
    const call = await callFor('surrender');
    const { callId } = call;
    await runStep(call, 'policy', EXAMPLE_VALUES.surrender.policy);
    const unfilled = await ask(call.teller, 'service:push', {
      callId,
      messageId: messageId(),
      stepId: 'retention',
    });
    expect(unfilled).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const shown = nextEvent(call.customer, 'service:state', (s) => s.steps.length === 2);
    await request(call.teller, 'service:push', {
      callId,
      messageId: messageId(),
      stepId: 'retention',
      presented: EXAMPLE_RETENTION_PRESENTED,
    });
    expect((await shown).steps[1]?.presented).toMatchObject({ cashValue: '42000.00' });
    const withdrawn = await request(call.customer, 'service:withdraw', {
      callId,
      messageId: messageId(),
      stepId: 'retention',
    });
    expect(withdrawn.status).toBe('withdrawn');
    // Its record is signed when the call ends, as the recording's manifest is written.
    expect(withdrawn.recordUrl).toBe(`/api/calls/${callId}/record.pdf`);
    const after = await ask(call.teller, 'service:push', {
      callId,
      messageId: messageId(),
      stepId: 'receiving-account',
    });
    expect(after).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(await eventsOf(callId, 'service.withdrawn')).toHaveLength(1);
    const ended = nextEvent(call.customer, 'service:completed', () => true, 20_000);
    await request(call.teller, 'call:hangUp', { callId });
    expect(await ended).toMatchObject({ status: 'withdrawn' });
  });

  it('goes on where it was after the call is handed to another teller, who alone may act on it', async () => {
    const call = await callFor('contact-change');
    const { callId } = call;
    const second = await tellerAtDesk(context.server, 'teller2');
    sockets.push(second.socket);
    await runStep(call, 'policy', EXAMPLE_VALUES['contact-change'].policy);

    const asked = nextEvent(call.customer, 'transfer:consentRequest');
    await request(call.teller, 'call:transfer', {
      callId,
      target: { kind: 'teller', tellerId: second.tellerId },
      reason: 'shift change',
    });
    await request(call.customer, 'transfer:respond', {
      callId,
      transferId: (await asked).transferId,
      accept: true,
    });
    await waitFor(async () => (await request(second.socket, 'teller:state', {})).offer !== null);
    await request(second.socket, 'offer:accept', { ticketId: call.customerCall.ticketId });

    const state = await request(second.socket, 'service:state', { callId });
    expect(state.steps.map((s) => s.status)).toEqual(['confirmed']);
    expect(state.nextStepId).toBe('new-contact');
    const byFormer = await ask(call.teller, 'service:push', {
      callId,
      messageId: messageId(),
      stepId: 'new-contact',
    });
    expect(byFormer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const shown = nextEvent(call.customer, 'service:state', (s) => s.steps.length === 2);
    await request(second.socket, 'service:push', { callId, messageId: messageId(), stepId: 'new-contact' });
    await shown;
  });
});
