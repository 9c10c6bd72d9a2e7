import crypto from 'node:crypto';
import { toFieldIssues } from '../../shared/contracts/errors.js';
import { createTicketRequestSchema } from '../../shared/contracts/ticket.js';
import { priorityOf } from '../../shared/domain/priority.js';
import { validateResidentId } from '../../shared/domain/resident-id.js';
import { AppError } from '../platform/errors.js';
import type { Ticket } from './ticket-store.js';

/** A ticket from the join form, or an invalid_payload error naming every bad field. */
export async function newTicket(
  input: unknown,
  now: number,
  isVip: (idType: string, idNumber: string) => Promise<boolean>,
): Promise<Omit<Ticket, 'joinSeq'>> {
  const parsed = createTicketRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_payload', 'the join form has invalid fields', toFieldIssues(parsed.error));
  }
  const request = parsed.data;
  const resident = request.idType === 'cn-resident' ? validateResidentId(request.idNumber) : undefined;
  const birthDate = resident?.valid ? resident.birthDate : null;
  const idNumber = request.idNumber.toUpperCase();
  const vip = await isVip(request.idType, idNumber);
  return {
    id: crypto.randomUUID(),
    fullName: request.fullName,
    idType: request.idType,
    idNumber,
    birthDate,
    phone: request.phone,
    serviceId: request.serviceId,
    language: request.language,
    uiLocale: request.uiLocale,
    status: 'waiting',
    joinedAt: now,
    consentAt: now,
    closedAt: null,
    // VIP is the institution's list, kept by staff, never the customer's own say.
    priority: priorityOf(birthDate, vip, new Date(now)),
    mandarinFallback: request.mandarinFallback,
    answeredAt: null,
  };
}
