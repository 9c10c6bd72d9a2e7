/**
 * Who provided a reference photo. Staff ones (the teller's upload, or a photo the
 * institution has on file for the customer's ID) are what a high-risk service may
 * rest on; a customer's own upload could be anybody's face, so it serves low-risk
 * services only and never replaces a staff one.
 */
export { REFERENCE_SOURCES } from '../../../shared/contracts/call-events.js';
import type { REFERENCE_SOURCES } from '../../../shared/contracts/call-events.js';
export type ReferenceSource = (typeof REFERENCE_SOURCES)[number];

export interface ReferenceCandidate {
  source: ReferenceSource;
  storedAt: number;
}

export const staffProvided = (source: ReferenceSource): boolean => source !== 'customer';

/**
 * The reference a new check uses: the newest staff-provided one, or, when staff
 * provided none, the newest customer upload. A check freezes its choice.
 */
export function referenceForCheck<R extends ReferenceCandidate>(candidates: readonly R[]): R | undefined {
  const newestFirst = [...candidates].sort((a, b) => b.storedAt - a.storedAt);
  return newestFirst.find((r) => staffProvided(r.source)) ?? newestFirst[0];
}

/** A customer may add a photo only while staff have provided none. */
export const customerMayUpload = (candidates: readonly ReferenceCandidate[]): boolean =>
  !candidates.some((r) => staffProvided(r.source));
