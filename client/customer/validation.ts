import { toFieldIssues } from '../../shared/contracts/errors.js';
import { createTicketRequestSchema } from '../../shared/contracts/ticket.js';
import { validateResidentId } from '../../shared/domain/resident-id.js';

export const FIELDS = [
  'fullName',
  'idType',
  'idNumber',
  'phone',
  'service',
  'language',
  'consentRecording',
] as const;
export type FieldName = (typeof FIELDS)[number];

/** Request paths differ from form names only for the service. */
export function fieldForPath(path: string): FieldName | null {
  const name = path === 'serviceId' ? 'service' : path;
  return FIELDS.find((field) => field === name) ?? null;
}

/** The stable problem code of a resident ID number, as the server reports it. */
export function residentIdProblem(idType: string, idNumber: string): string | null {
  if (idType !== 'cn-resident' || idNumber.trim() === '') return null;
  const result = validateResidentId(idNumber);
  return result.valid ? null : `id_${result.problem}`;
}

/**
 * Checks the request with the server's own schema so both report the same
 * codes; returns the first problem code per field.
 */
export function validateTicketRequest(request: Record<string, unknown>): Map<FieldName, string> {
  const problems = new Map<FieldName, string>();
  const parsed = createTicketRequestSchema.safeParse(request);
  for (const issue of parsed.success ? [] : toFieldIssues(parsed.error)) {
    const field = fieldForPath(issue.path);
    if (field && !problems.has(field)) problems.set(field, issue.code);
  }
  // Also checked directly: zod skips refinements after some kinds of failure,
  // and the ID problem must show whatever else is wrong.
  const idProblem = residentIdProblem(String(request.idType), String(request.idNumber ?? ''));
  if (idProblem && !problems.has('idNumber')) problems.set('idNumber', idProblem);
  return problems;
}
