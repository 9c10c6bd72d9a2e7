import type { FieldValue } from '../../../shared/catalog/field-schema.js';
import type { FieldDefinition, StepDefinition } from '../../../shared/catalog/fields.js';
import type { StepValues } from '../../../shared/catalog/step-schema.js';
import type { RecordField, RecordStep } from './record-input.js';

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "¥42,000.00": grouped, two decimals, with the currency sign. */
function yuan(value: string | number | boolean): string {
  const amount = Number(value);
  return Number.isFinite(amount) ? `¥${money.format(amount)}` : `¥${String(value)}`;
}

/** A stored value as the record prints it, in both languages where it is a word. */
function printable(field: FieldDefinition, value: FieldValue): string {
  if (typeof value === 'object') {
    return `${value.fileName ?? value.documentId} (${value.mediaType}, ${value.byteLength} B, SHA-256 ${value.sha256})`;
  }
  switch (field.type) {
    case 'acknowledgement':
      return value === true ? '是 Yes' : '否 No';
    case 'choice': {
      const option = field.options.find((o) => o.value === value);
      return option ? `${option.label['zh-CN']} ${option.label.en}` : String(value);
    }
    case 'money':
      return yuan(value);
    case 'integer':
      return `${String(value)} ${field.unit['zh-CN']} ${field.unit.en}`;
    default:
      return String(value);
  }
}

export function recordFields(
  fields: readonly FieldDefinition[],
  values: StepValues | undefined,
): RecordField[] {
  return fields.flatMap((field) => {
    const value = values?.[field.name];
    return value === undefined ? [] : [{ label: field.label, value: printable(field, value) }];
  });
}

/** One step of a service as the record shows it, from its definition and what was stored. */
export function recordStep(
  definition: StepDefinition,
  stored: { values?: StepValues; presented?: StepValues; confirmedAt?: number; confirmedBy?: string },
): RecordStep {
  return {
    title: definition.title,
    ...(stored.confirmedAt === undefined ? {} : { confirmedAt: stored.confirmedAt }),
    ...(stored.confirmedBy === undefined ? {} : { confirmedBy: stored.confirmedBy }),
    ...(stored.presented
      ? { presented: recordFields(definition.presentedFields ?? [], stored.presented) }
      : {}),
    values: recordFields(definition.fields, stored.values),
  };
}
