import { describe, expect, it } from 'vitest';
import { checkDocument, sniffDocumentType } from './document-check.js';

const limits = { maxBytes: 100, accept: ['application/pdf', 'image/jpeg', 'image/png'] as const };
const bytes = (...values: number[]) => new Uint8Array(values);

describe('document type by content', () => {
  it('recognizes PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffDocumentType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffDocumentType(new TextEncoder().encode('GIF89a'))).toBeUndefined();
    expect(sniffDocumentType(bytes(0x89, 0x50))).toBeUndefined();
  });

  it('refuses empty, oversized and unlisted documents', () => {
    expect(checkDocument(bytes(), limits)).toEqual({ ok: false, code: 'document_empty' });
    expect(checkDocument(new Uint8Array(101).fill(0xff), limits)).toEqual({
      ok: false,
      code: 'document_too_large',
    });
    expect(checkDocument(new TextEncoder().encode('MZ executable'), limits)).toEqual({
      ok: false,
      code: 'document_type_not_allowed',
    });
    expect(checkDocument(bytes(0xff, 0xd8, 0xff), { maxBytes: 100, accept: ['application/pdf'] })).toEqual({
      ok: false,
      code: 'document_type_not_allowed',
    });
    expect(checkDocument(bytes(0xff, 0xd8, 0xff), limits)).toEqual({ ok: true, mediaType: 'image/jpeg' });
  });
});
