import { describe, expect, it } from 'vitest';
import { findService } from '../../shared/catalog/services.js';
import { fieldProblem } from './field-problem.js';

// The catalog's own loan terms: at most 100,000,000 yuan, for 1 to 6 months.
const loanTerms = findService('policy-loan')!.steps.find((s) => s.id === 'loan-terms')!;
const amount = loanTerms.fields.find((f) => f.name === 'amount')!;
const term = loanTerms.fields.find((f) => f.name === 'termMonths')!;

describe('fieldProblem', () => {
  it('states the largest amount a money field takes', () => {
    expect(fieldProblem(amount, 'money_too_large', {}, 'zh-CN')).toEqual({
      key: 'field.money_at_most',
      args: { max: '100,000,000.00 元' },
    });
  });

  it('states the allowed range of a term, whichever end was missed', () => {
    for (const code of ['too_large', 'too_small', 'integer_invalid']) {
      expect(fieldProblem(term, code, {}, 'en')).toEqual({
        key: 'field.integer_range',
        args: { min: 1, max: 6, unit: 'months' },
      });
    }
  });

  it('states the largest loan for the cash value the customer entered, rounded down to the fen', () => {
    expect(
      fieldProblem(amount, 'loan_exceeds_80_percent_of_cash_value', { cashValue: '100000.01' }, 'zh-CN'),
    ).toEqual({ key: 'field.loan_at_most', args: { max: '80,000.00 元' } });
    expect(fieldProblem(amount, 'loan_exceeds_80_percent_of_cash_value', { cashValue: 'x' }, 'en')).toEqual({
      key: 'field.loan_exceeds_80_percent_of_cash_value',
    });
  });

  it('names every other problem by its code', () => {
    expect(fieldProblem(undefined, 'must_acknowledge', {}, 'en')).toEqual({ key: 'field.must_acknowledge' });
  });
});
