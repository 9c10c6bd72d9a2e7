import type { FieldDefinition } from '../../shared/catalog/fields.js';
import type { UiLocale } from '../../shared/catalog/languages.js';
import { MONEY_PATTERN, toFen } from '../../shared/catalog/money.js';
import { moneyText } from './field-value-text.js';

export interface FieldProblem {
  /** A message key (`field.<code>` or a more precise one), checked by the caller. */
  key: string;
  args?: Record<string, string | number>;
}

/** The most a policy loan may be: 80% of the cash value, in whole fen (rounded down, as the server compares). */
function loanMaximum(values: Record<string, unknown>, locale: UiLocale): string | null {
  const cash = values.cashValue;
  if (typeof cash !== 'string' || !MONEY_PATTERN.test(cash.trim())) return null;
  return moneyText(Math.floor((toFen(cash.trim()) * 8) / 10), locale);
}

/**
 * What a refused field says: not just that it is wrong but what is allowed —
 * the largest amount, the range of a term, that a box must be ticked. `values`
 * are what the form held when it was sent (a cross-field rule needs them).
 */
export function fieldProblem(
  field: FieldDefinition | undefined,
  code: string,
  values: Record<string, unknown>,
  locale: UiLocale,
): FieldProblem {
  if (field?.type === 'money' && code === 'money_too_large') {
    return { key: 'field.money_at_most', args: { max: moneyText(field.max * 100, locale) } };
  }
  if (
    field?.type === 'integer' &&
    (code === 'too_small' || code === 'too_large' || code === 'integer_invalid')
  ) {
    return { key: 'field.integer_range', args: { min: field.min, max: field.max, unit: field.unit[locale] } };
  }
  if (code === 'loan_exceeds_80_percent_of_cash_value') {
    const max = loanMaximum(values, locale);
    if (max) return { key: 'field.loan_at_most', args: { max } };
  }
  return { key: `field.${code}` };
}
