import type { DocumentReference } from '../../shared/catalog/field-schema.js';
import type { FieldDefinition } from '../../shared/catalog/fields.js';
import type { UiLocale } from '../../shared/catalog/languages.js';
import { MONEY_PATTERN, toFen } from '../../shared/catalog/money.js';

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

/** Yuan with thousands separators and two decimals, computed in fen so no rounding creeps in. */
export function yuanText(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US');
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** An amount as people read it: "50,000.00 元" in Chinese, "CNY 50,000.00" in English. */
export function moneyText(fen: number, locale: UiLocale): string {
  return locale === 'en' ? `CNY ${yuanText(fen)}` : `${yuanText(fen)} 元`;
}

function unitText(value: unknown, field: FieldDefinition | undefined, locale: UiLocale): string | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || field === undefined) return null;
  if (field.type === 'money' && MONEY_PATTERN.test(text)) return moneyText(toFen(text), locale);
  if (field.type === 'integer' && /^-?\d+$/.test(text)) return `${text} ${field.unit[locale]}`;
  return null;
}

/**
 * A submitted value as the customer and the teller read it. Money and counted
 * terms carry their unit (the field says which); a document shows its name,
 * type, size and the start of its hash (what the record prints), never raw JSON.
 */
export function fieldValueText(value: unknown, field?: FieldDefinition, locale: UiLocale = 'zh-CN'): string {
  if (isDocument(value)) {
    const name = value.fileName ?? value.documentId;
    return `${name} · ${TYPE_NAMES[value.mediaType]} · ${sizeText(value.byteLength)} · SHA-256 ${value.sha256.slice(0, 12)}…`;
  }
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (value === null || value === undefined) return '';
  if (field?.type === 'choice') {
    const option = field.options.find((o) => o.value === value);
    if (option) return option.label[locale];
  }
  const withUnit = unitText(value, field, locale);
  if (withUnit !== null) return withUnit;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
