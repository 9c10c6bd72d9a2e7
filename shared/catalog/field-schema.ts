import { z } from 'zod';
import { DOCUMENT_TYPES, type FieldDefinition } from './fields.js';
import { formatYuan, MONEY_PATTERN, toFen } from './money.js';

/** A document field's value: the reference the upload endpoint answered with. */
export const documentReferenceSchema = z.object({
  documentId: z.string().min(1).max(64),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.enum(DOCUMENT_TYPES),
  byteLength: z.number().int().positive(),
  fileName: z.string().max(200).optional(),
});
export type DocumentReference = z.infer<typeof documentReferenceSchema>;

export type FieldValue = string | number | boolean | DocumentReference;

/** What the validators may depend on besides the value itself. */
export interface ValidationContext {
  /** The day of the call, YYYY-MM-DD, so that validation stays deterministic. */
  today: string;
}

// Every message is "code:<stable code>"; toFieldIssues turns it into the code.
const required = () =>
  z.string({ error: 'code:required' }).trim().min(1, { message: 'code:required', abort: true });

const pattern = (regex: RegExp, code: string) => required().regex(regex, `code:${code}`);

const withoutSeparators = (value: unknown) =>
  typeof value === 'string' ? value.replace(/[\s-]/g, '') : value;
const numberAsString = (value: unknown) => (typeof value === 'number' ? String(value) : value);

const mobilePhone = z.preprocess(
  (v) => (typeof v === 'string' ? v.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '') : v),
  pattern(/^1[3-9]\d{9}$/, 'phone_invalid'),
);

const address = required()
  .min(6, 'code:address_too_short')
  .max(120, 'code:address_too_long')
  .regex(/\d/, 'code:address_without_number')
  // Control characters would break the record's layout and have no place in an address.
  .regex(/^[^\p{Cc}]*$/u, 'code:address_invalid');

function money(max: number) {
  return z.preprocess(
    numberAsString,
    pattern(MONEY_PATTERN, 'money_invalid')
      .transform((v) => formatYuan(toFen(v)))
      .refine((v) => toFen(v) > 0, 'code:money_not_positive')
      .refine((v) => toFen(v) <= max * 100, 'code:money_too_large'),
  );
}

function integer(min: number, max: number) {
  return z.preprocess(
    numberAsString,
    pattern(/^-?\d{1,9}$/, 'integer_invalid')
      .transform(Number)
      .pipe(z.number().min(min, `code:too_small`).max(max, `code:too_large`)),
  );
}

function pastDate(context: ValidationContext) {
  return pattern(/^\d{4}-\d{2}-\d{2}$/, 'date_invalid')
    .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
      message: 'code:date_invalid',
      abort: true,
    })
    .refine((v) => v <= context.today, 'code:date_in_future');
}

function documentReference(field: Extract<FieldDefinition, { type: 'document' }>) {
  return documentReferenceSchema
    .refine((d) => field.accept.includes(d.mediaType), 'code:document_type_not_allowed')
    .refine((d) => d.byteLength <= field.maxBytes, 'code:document_too_large');
}

function baseSchema(field: FieldDefinition, context: ValidationContext): z.ZodType<FieldValue> {
  switch (field.type) {
    case 'text':
      return required().min(field.minLength, 'code:too_short').max(field.maxLength, 'code:too_long');
    case 'policy-number':
      return z.preprocess(
        (v) => (typeof v === 'string' ? v.toUpperCase() : v),
        pattern(/^[A-Z0-9]{8,20}$/, 'policy_number_invalid'),
      );
    case 'mobile-phone':
      return mobilePhone;
    case 'address':
      return address;
    case 'postal-code':
      return pattern(/^[1-9]\d{5}$/, 'postal_code_invalid');
    case 'bank-account':
      return z.preprocess(withoutSeparators, pattern(/^\d{12,19}$/, 'bank_account_invalid'));
    case 'person-name':
      return pattern(/^[\p{L}·. ]{2,40}$/u, 'name_invalid');
    case 'money':
      return money(field.max);
    case 'integer':
      return integer(field.min, field.max);
    case 'past-date':
      return pastDate(context);
    case 'choice':
      return required().refine((v) => field.options.some((o) => o.value === v), 'code:choice_invalid');
    case 'acknowledgement':
      return z.literal(true, { error: 'code:must_acknowledge' });
    case 'document':
      return documentReference(field);
  }
}

/** The zod schema of one field; an optional field left empty is simply absent. */
export function fieldSchema(
  field: FieldDefinition,
  context: ValidationContext,
): z.ZodType<FieldValue | undefined> {
  const schema = baseSchema(field, context);
  if (!field.optional) return z.preprocess((v) => (v === null ? undefined : v), schema);
  return z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
}
