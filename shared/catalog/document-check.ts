import type { DocumentType } from './fields.js';

export type DocumentProblem = 'document_empty' | 'document_too_large' | 'document_type_not_allowed';

export type DocumentCheck = { ok: true; mediaType: DocumentType } | { ok: false; code: DocumentProblem };

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** The document type the bytes really are, whatever the file is called. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | undefined {
  if (startsWith(bytes, PDF)) return 'application/pdf';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  return undefined;
}

/** Whether an upload may go into a document field with these limits. */
export function checkDocument(
  bytes: Uint8Array,
  limits: { maxBytes: number; accept: readonly DocumentType[] },
): DocumentCheck {
  if (bytes.length === 0) return { ok: false, code: 'document_empty' };
  if (bytes.length > limits.maxBytes) return { ok: false, code: 'document_too_large' };
  const mediaType = sniffDocumentType(bytes);
  if (!mediaType || !limits.accept.includes(mediaType))
    return { ok: false, code: 'document_type_not_allowed' };
  return { ok: true, mediaType };
}
