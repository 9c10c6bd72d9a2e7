import { describe, expect, it } from 'vitest';
import { EXAMPLE_RETENTION_PRESENTED, EXAMPLE_TODAY, EXAMPLE_VALUES } from './example-values.js';
import { findService, SERVICES } from './services.js';
import { validatePresentedValues, validateStepValues } from './step-schema.js';

const context = { today: EXAMPLE_TODAY };

function stepOf(serviceId: string, stepId: string) {
  const step = findService(serviceId)?.steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${serviceId}/${stepId}`);
  return step;
}

/** The issue codes by field for the example values of a step with some fields replaced. */
function codesFor(serviceId: keyof typeof EXAMPLE_VALUES, stepId: string, change: Record<string, unknown>) {
  const values = { ...EXAMPLE_VALUES[serviceId][stepId], ...change };
  const result = validateStepValues(stepOf(serviceId, stepId), values, context);
  return result.ok ? {} : Object.fromEntries(result.issues.map((i) => [i.path, i.code]));
}

describe('the services catalog', () => {
  it('gives every service ordered steps with unique ids and field names', () => {
    for (const service of SERVICES) {
      expect(service.steps.length).toBeGreaterThan(0);
      expect(new Set(service.steps.map((s) => s.id)).size).toBe(service.steps.length);
      for (const step of service.steps) {
        const names = step.fields.map((f) => f.name);
        expect(new Set(names).size).toBe(names.length);
      }
    }
  });

  it('accepts the example values of every step of every service', () => {
    for (const service of SERVICES) {
      for (const step of service.steps) {
        const result = validateStepValues(step, EXAMPLE_VALUES[service.id][step.id], context);
        expect(result, `${service.id}/${step.id}`).toMatchObject({ ok: true });
      }
    }
  });

  it('normalizes what it accepts', () => {
    const result = validateStepValues(
      stepOf('contact-change', 'new-contact'),
      {
        mobilePhone: '+86 138-0013-8000',
        address: ' 上海市浦东新区世纪大道100号 ',
        postalCode: '',
      },
      context,
    );
    expect(result).toEqual({
      ok: true,
      values: { mobilePhone: '13800138000', address: '上海市浦东新区世纪大道100号' },
    });
    const loan = validateStepValues(
      stepOf('policy-loan', 'loan-terms'),
      { cashValue: 1000, amount: '799.5', termMonths: 3 },
      context,
    );
    expect(loan).toEqual({ ok: true, values: { cashValue: '1000.00', amount: '799.50', termMonths: 3 } });
  });

  it('answers one stable code per bad field and names unknown fields', () => {
    expect(
      codesFor('contact-change', 'new-contact', { mobilePhone: '', address: '北京', postalCode: '01234' }),
    ).toEqual({
      mobilePhone: 'required',
      address: 'address_too_short',
      postalCode: 'postal_code_invalid',
    });
    expect(
      codesFor('contact-change', 'new-contact', {
        mobilePhone: '12800138000',
        address: '北京市海淀区中关村大街',
      }),
    ).toEqual({
      mobilePhone: 'phone_invalid',
      address: 'address_without_number',
    });
    expect(codesFor('contact-change', 'policy', { policyNumber: 'P1', extra: 1 })).toEqual({
      policyNumber: 'policy_number_invalid',
      '': 'unknown_field',
    });
  });

  it('limits a policy loan to 80% of the cash value and six months', () => {
    expect(codesFor('policy-loan', 'loan-terms', { cashValue: '50000', amount: '40000.00' })).toEqual({});
    expect(codesFor('policy-loan', 'loan-terms', { cashValue: '50000', amount: '40000.01' })).toEqual({
      amount: 'loan_exceeds_80_percent_of_cash_value',
    });
    expect(codesFor('policy-loan', 'loan-terms', { termMonths: '7' })).toEqual({ termMonths: 'too_large' });
    expect(codesFor('policy-loan', 'loan-terms', { termMonths: 0 })).toEqual({ termMonths: 'too_small' });
    expect(codesFor('policy-loan', 'loan-terms', { termMonths: '2.5', amount: '-3' })).toEqual({
      termMonths: 'integer_invalid',
      amount: 'money_invalid',
    });
    expect(codesFor('policy-loan', 'loan-terms', { amount: '0' })).toEqual({ amount: 'money_not_positive' });
  });

  it('checks the rules of every other service', () => {
    expect(codesFor('consultation', 'question', { topic: 'weather', question: '?' })).toEqual({
      topic: 'choice_invalid',
      question: 'too_short',
    });
    expect(
      codesFor('bank-authorization-change', 'new-account', { authorizes: false, accountNumber: '12ab' }),
    ).toEqual({
      authorizes: 'must_acknowledge',
      accountNumber: 'bank_account_invalid',
    });
    expect(codesFor('loan-repayment', 'repayment', { amount: '12.345', method: 'cash' })).toEqual({
      amount: 'money_invalid',
      method: 'choice_invalid',
    });
    expect(codesFor('benefit-payout', 'receiving-account', { accountHolder: '1' })).toEqual({
      accountHolder: 'name_invalid',
    });
    expect(codesFor('policy-reinstatement', 'reinstatement', { lapseDate: '2025-03-15' })).toEqual({
      lapseDate: 'date_in_future',
    });
    expect(codesFor('policy-reinstatement', 'reinstatement', { lapseDate: '2025-02-30' })).toEqual({
      lapseDate: 'date_invalid',
    });
    expect(codesFor('surrender', 'retention', { decision: 'maybe' })).toEqual({ decision: 'choice_invalid' });
    expect(codesFor('lost-policy-reissue', 'loss-report', { circumstances: 'x'.repeat(301) })).toEqual({
      circumstances: 'too_long',
    });
  });

  it('takes a claim document only as a checked reference within the limits', () => {
    const document = EXAMPLE_VALUES['claim-report'].documents!.supportingDocument as object;
    expect(
      codesFor('claim-report', 'documents', {
        supportingDocument: { ...document, byteLength: 11 * 1024 * 1024 },
      }),
    ).toEqual({
      supportingDocument: 'document_too_large',
    });
    expect(
      codesFor('claim-report', 'documents', { supportingDocument: { ...document, mediaType: 'image/gif' } }),
    ).toEqual({
      'supportingDocument.mediaType': 'invalid_value',
    });
    expect(codesFor('claim-report', 'documents', { supportingDocument: undefined })).toHaveProperty(
      'supportingDocument',
    );
  });

  it('validates what the teller presents in the surrender retention step', () => {
    const retention = stepOf('surrender', 'retention');
    expect(retention.withdrawField).toBe('decision');
    expect(validatePresentedValues(retention, EXAMPLE_RETENTION_PRESENTED, context)).toMatchObject({
      ok: true,
    });
    expect(validatePresentedValues(retention, { coverageLost: '' }, context)).toMatchObject({
      ok: false,
      issues: [
        { path: 'coverageLost', code: 'required' },
        { path: 'cashValue', code: 'required' },
        { path: 'premiumsPaid', code: 'required' },
      ],
    });
  });
});
