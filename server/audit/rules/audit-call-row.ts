import { findService } from '../../../shared/catalog/services.js';
import type {
  AuditCallRow,
  AuditDecisionView,
  AuditStatus,
  CallOutcome,
  RecordingStatus,
} from '../../../shared/contracts/auditor.js';
import { maskName } from '../../../shared/domain/person-name.js';
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
  outcome: CallOutcome;
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
    outcome: facts.outcome,
  };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in ms. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/** When the calendar day `day` (YYYY-MM-DD) begins in `timeZone`. */
export function dayStartMs(day: string, timeZone: string): number {
  const asUtc = Date.parse(`${day}T00:00:00Z`);
  const guess = asUtc - zoneOffsetMs(asUtc, timeZone);
  // Across a daylight-saving change the offset at midnight differs from the one at the guess.
  return asUtc - zoneOffsetMs(guess, timeZone);
}

const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The search's calendar days, in the institution's time zone, as a half-open
 * window of server clock times; either end may be open.
 */
export function dayWindow(from: string | undefined, to: string | undefined, timeZone: string) {
  return {
    fromMs: from === undefined ? null : dayStartMs(from, timeZone),
    toMs: to === undefined ? null : dayStartMs(nextDay(to), timeZone),
  };
}
