import type { z } from 'zod';
import type { StepCheckId } from './fields.js';
import { toFen } from './money.js';

type StepValues = Record<string, unknown>;

/** A policy loan is at most 80% of the cash value the policy states. */
function loanWithinCashValue(values: StepValues, ctx: z.RefinementCtx): void {
  const { amount, cashValue } = values;
  if (typeof amount !== 'string' || typeof cashValue !== 'string') return;
  if (toFen(amount) * 10 > toFen(cashValue) * 8) {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: 'code:loan_exceeds_80_percent_of_cash_value' });
  }
}

export const STEP_CHECKS: Record<StepCheckId, (values: StepValues, ctx: z.RefinementCtx) => void> = {
  'loan-within-cash-value': loanWithinCashValue,
};
