import type { ScoredPair } from './pair-evaluation.js';

/** The false match rates the face check reports its false non-match rate at. */
export const REPORTED_FALSE_MATCH_RATES = [0.01, 0.001, 0] as const;

export interface RocPoint {
  /** The false match rate asked for; 0 means "no false accept at all". */
  targetFalseMatchRate: number;
  /** The largest threshold (accept when distance ≤ it) whose false match rate stays at or under the target. */
  threshold: number;
  differentPersonPairs: number;
  falseAccepts: number;
  falseMatchRate: number;
  samePersonPairs: number;
  falseRejects: number;
  falseNonMatchRate: number;
}

// Thresholds are reported to this many decimals, and always rounded down so
// that a rounded threshold never admits a pair the exact one refused.
const DECIMALS = 1e6;

/**
 * One point of the ROC per target false match rate, read off the measured
 * pairs: with D different-person pairs, a target r allows ⌊r·D⌋ false
 * accepts, so the threshold sits just under the (⌊r·D⌋+1)-th smallest
 * different-person distance. A target smaller than 1/D can only be shown as
 * 0 false accepts of D, which is why the pair counts go with every figure.
 */
export function rocPoints(
  pairs: ScoredPair[],
  targets: readonly number[] = REPORTED_FALSE_MATCH_RATES,
): RocPoint[] {
  const different = pairs
    .filter((p) => !p.samePerson)
    .map((p) => p.distance)
    .sort((a, b) => a - b);
  const same = pairs.filter((p) => p.samePerson).map((p) => p.distance);
  return targets.map((target) => {
    const allowed = Math.floor(target * different.length);
    const firstRefused = different[allowed];
    const threshold =
      firstRefused === undefined
        ? Math.ceil(Math.max(0, ...same) * DECIMALS) / DECIMALS
        : (Math.ceil(firstRefused * DECIMALS) - 1) / DECIMALS;
    const falseAccepts = different.filter((d) => d <= threshold).length;
    const falseRejects = same.filter((d) => d > threshold).length;
    return {
      targetFalseMatchRate: target,
      threshold,
      differentPersonPairs: different.length,
      falseAccepts,
      falseMatchRate: different.length === 0 ? 0 : falseAccepts / different.length,
      samePersonPairs: same.length,
      falseRejects,
      falseNonMatchRate: same.length === 0 ? 0 : falseRejects / same.length,
    };
  });
}
