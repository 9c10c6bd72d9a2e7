/**
 * Field and step definitions of the services catalog. They are plain data (no
 * functions, no schemas) so the catalog can be sent as JSON to the browser;
 * `step-schema.ts` turns them into zod schemas on either side.
 */
export interface Label {
  'zh-CN': string;
  en: string;
}

export interface ChoiceOption {
  value: string;
  label: Label;
}

/** Media types a document upload may have; checked by content, never by name. */
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

interface FieldBase {
  /** The form control's `name` and the key of the submitted value. */
  name: string;
  label: Label;
  optional?: boolean;
}

export type FieldDefinition = FieldBase &
  (
    | { type: 'text'; minLength: number; maxLength: number; multiline?: boolean }
    | { type: 'policy-number' }
    | { type: 'mobile-phone' }
    | { type: 'address' }
    | { type: 'postal-code' }
    | { type: 'bank-account' }
    | { type: 'person-name' }
    /** Yuan with at most two decimals, kept as the normalized string "1234.50". */
    | { type: 'money'; max: number }
    | { type: 'integer'; min: number; max: number; unit: Label }
    /** ISO date that is not after the day of the call. */
    | { type: 'past-date' }
    | { type: 'choice'; options: readonly ChoiceOption[] }
    /** A checkbox that must be ticked. */
    | { type: 'acknowledgement' }
    | { type: 'document'; maxBytes: number; accept: readonly DocumentType[] }
  );

export type FieldType = FieldDefinition['type'];

/** Rules that relate several fields of one step; implemented in step-checks.ts. */
export type StepCheckId = 'loan-within-cash-value';

export interface StepDefinition {
  id: string;
  title: Label;
  /** What the customer fills in. */
  fields: readonly FieldDefinition[];
  /** What the teller enters when pushing the step, shown to the customer (e.g. what a surrender gives up). */
  presentedFields?: readonly FieldDefinition[];
  checks?: readonly StepCheckId[];
  /**
   * The name of a choice field whose value `withdraw` ends the service without
   * doing it (the surrender retention step).
   */
  withdrawField?: string;
}
