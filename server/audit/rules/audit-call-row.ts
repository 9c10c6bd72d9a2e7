import { findService } from '../../../shared/catalog/services.js';
import type {
  AuditCallRow,
  AuditDecisionView,
  AuditStatus,
  RecordingStatus,
} from '../../../shared/contracts/auditor.js';
import { maskIdNumber } from '../../../shared/domain/resident-id.js';

/** What the store knows of a call, unmasked: the auditor's list shows it masked. */
export interface AuditCallFacts {
  callId: string;
  startedAt: number;
  endedAt: number | null;
  serviceId: string;
  tellers: { username: string; displayName: string }[];
  customerName: string;
  customerIdNumber: string;
  recordingStatus: RecordingStatus;
  decision: AuditDecisionView | null;
}

/**
 * Each word's first character, the rest starred: enough to tell two customers
 * apart in a list without naming them (`王小明` → `王**`, `Ann Lee` → `A** L**`).
 */
export function maskName(fullName: string): string {
  return fullName
    .trim()
    .split(/\s+/)
    .map((word) => {
      const chars = Array.from(word);
      return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
    })
    .join(' ');
}

/**
 * A customer search term as the chain keeps it (the chain is never erased): an
 * ID number (anything with a digit) as its last four, a name as maskName does.
 */
export const maskSearchTerm = (term: string): string =>
  /\d/.test(term) ? maskIdNumber(term.trim()) : maskName(term);

export const isHighRisk = (serviceId: string): boolean => findService(serviceId)?.risk === 'high';

/** A decision, once made, is the status; until then a high-risk call waits for one. */
export function auditStatusOf(highRisk: boolean, decision: AuditDecisionView | null): AuditStatus {
  if (decision) return decision.decision;
  return highRisk ? 'pending' : 'not_required';
}

export function auditCallRow(facts: AuditCallFacts): AuditCallRow {
  const highRisk = isHighRisk(facts.serviceId);
  return {
    callId: facts.callId,
    startedAt: facts.startedAt,
    endedAt: facts.endedAt,
    serviceId: facts.serviceId,
    tellers: facts.tellers,
    customerNameMasked: maskName(facts.customerName),
    customerIdMasked: maskIdNumber(facts.customerIdNumber),
    highRisk,
    auditStatus: auditStatusOf(highRisk, facts.decision),
    recordingStatus: facts.recordingStatus,
  };
}

const DAY_MS = 86_400_000;

/** The search's UTC days as a half-open window of server clock times; either end may be open. */
export function utcDayWindow(from: string | undefined, to: string | undefined) {
  return {
    fromMs: from === undefined ? null : Date.parse(`${from}T00:00:00Z`),
    toMs: to === undefined ? null : Date.parse(`${to}T00:00:00Z`) + DAY_MS,
  };
}
