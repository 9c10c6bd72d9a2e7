import type { DocumentReference } from '../../shared/catalog/field-schema.js';

const TYPE_NAMES: Record<DocumentReference['mediaType'], string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const isDocument = (value: unknown): value is DocumentReference =>
  typeof value === 'object' && value !== null && 'documentId' in value && 'sha256' in value;

/**
 * A submitted value as the teller reads it. A document shows its name, type,
 * size and the start of its hash (what the record prints), never raw JSON.
 */
export function fieldValueText(value: unknown): string {
  if (isDocument(value)) {
    const name = value.fileName ?? value.documentId;
    return `${name} · ${TYPE_NAMES[value.mediaType]} · ${sizeText(value.byteLength)} · SHA-256 ${value.sha256.slice(0, 12)}…`;
  }
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
