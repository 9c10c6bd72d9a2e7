import { z } from 'zod';
import { toFieldIssues, type FieldIssue } from '../contracts/errors.js';
import { fieldSchema, type FieldValue, type ValidationContext } from './field-schema.js';
import type { FieldDefinition, StepDefinition } from './fields.js';
import { STEP_CHECKS } from './step-checks.js';

export type StepValues = Record<string, FieldValue>;

export type StepValidation = { ok: true; values: StepValues } | { ok: false; issues: FieldIssue[] };

function fieldsSchema(fields: readonly FieldDefinition[], context: ValidationContext) {
  const shape = Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f, context)]));
  return z.strictObject(shape, { error: 'code:unknown_field' });
}

/** The schema of what the customer submits for a step, cross-field checks included. */
export function stepSchema(step: StepDefinition, context: ValidationContext) {
  return fieldsSchema(step.fields, context).superRefine((values, ctx) => {
    for (const check of step.checks ?? []) STEP_CHECKS[check](values, ctx);
  });
}

/** A field that breaks several rules reports the first one: the one to fix first. */
function firstIssuePerField(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}

function validateWith(schema: z.ZodType, raw: unknown): StepValidation {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: firstIssuePerField(toFieldIssues(parsed.error)) };
  // Optional fields left empty are dropped, so stored values never hold `undefined`.
  const values = Object.fromEntries(
    Object.entries(parsed.data as Record<string, FieldValue | undefined>).filter(([, v]) => v !== undefined),
  ) as StepValues;
  return { ok: true, values };
}

/** Validates every field of a customer's submission; per-field issue codes on failure. */
export function validateStepValues(
  step: StepDefinition,
  raw: unknown,
  context: ValidationContext,
): StepValidation {
  return validateWith(stepSchema(step, context), raw);
}

/** Validates what the teller presents with a step (e.g. what a surrender gives up). */
export function validatePresentedValues(
  step: StepDefinition,
  raw: unknown,
  context: ValidationContext,
): StepValidation {
  return validateWith(fieldsSchema(step.presentedFields ?? [], context), raw ?? {});
}
