import { describe, expect, it } from 'vitest';
import { fieldValueText } from './field-value-text.js';

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
});
