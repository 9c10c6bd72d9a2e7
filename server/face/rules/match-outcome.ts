export type MatchOutcome = 'match' | 'no-match' | 'review';

export interface MatchPolicy {
  /** Largest descriptor distance that counts as the same person. */
  threshold: number;
  /** Distances within this much of the threshold, either side, are for the teller to decide. */
  reviewBand: number;
}

export function matchOutcome(distance: number, policy: MatchPolicy): MatchOutcome {
  if (!Number.isFinite(distance) || distance > policy.threshold + policy.reviewBand) return 'no-match';
  if (distance <= policy.threshold - policy.reviewBand) return 'match';
  return 'review';
}

/** Accepted at the bare threshold, as calibration counts it (no review band). */
export const acceptedAtThreshold = (distance: number, threshold: number): boolean => distance <= threshold;
