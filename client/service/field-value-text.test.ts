import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../shared/catalog/fields.js';
import { findService } from '../../shared/catalog/services.js';
import { fieldValueText, moneyText } from './field-value-text.js';

// The catalog's own loan terms: an amount in yuan and a term in months.
const loanTerms = findService('policy-loan')!.steps.find((s) => s.id === 'loan-terms')!;
const money = loanTerms.fields.find((f) => f.name === 'amount')!;
const term = loanTerms.fields.find((f) => f.name === 'termMonths')!;
const label = { 'zh-CN': '标签', en: 'Label' };
const choice: FieldDefinition = {
  name: 'method',
  type: 'choice',
  options: [{ value: 'bank-debit', label: { 'zh-CN': '银行划扣', en: 'Bank debit' } }],
  label,
};

describe('fieldValueText', () => {
  it('shows a document by name, type, size and the start of its hash', () => {
    const document = {
      documentId: 'd-1',
      sha256: 'ab'.repeat(32),
      mediaType: 'application/pdf' as const,
      byteLength: 150_000,
      fileName: 'bank-card.pdf',
    };
    expect(fieldValueText(document)).toBe('bank-card.pdf · PDF · 146 KB · SHA-256 abababababab…');
    expect(fieldValueText({ ...document, fileName: undefined, byteLength: 3_500_000 })).toBe(
      'd-1 · PDF · 3.3 MB · SHA-256 abababababab…',
    );
  });

  it('shows acknowledgements as marks and everything else as text', () => {
    expect(fieldValueText(true)).toBe('✓');
    expect(fieldValueText(false)).toBe('✗');
    expect(fieldValueText(40000)).toBe('40000');
    expect(fieldValueText('上海')).toBe('上海');
  });

  it('shows money with its currency and terms with their unit, in the page language', () => {
    expect(fieldValueText('50000.00', money)).toBe('50,000.00 元');
    expect(fieldValueText('50000.00', money, 'en')).toBe('CNY 50,000.00');
    expect(fieldValueText('0.5', money)).toBe('0.50 元');
    expect(fieldValueText(6, term)).toBe('6 个月');
    expect(fieldValueText('6', term, 'en')).toBe('6 months');
    expect(fieldValueText('bank-debit', choice, 'en')).toBe('Bank debit');
    // What is not a number stays as it was typed.
    expect(fieldValueText('abc', money)).toBe('abc');
  });

  it('formats amounts in whole fen, with thousands separators', () => {
    expect(moneyText(123_456_789, 'zh-CN')).toBe('1,234,567.89 元');
    expect(moneyText(5, 'en')).toBe('CNY 0.05');
  });
});
