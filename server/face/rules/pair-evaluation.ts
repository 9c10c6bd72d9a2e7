import { descriptorDistance } from './descriptor-distance.js';
import { acceptedAtThreshold } from './match-outcome.js';

export interface LabelledDescriptor {
  person: string;
  /** Where the descriptor came from (file, augmentation), for reports. */
  source: string;
  /** The picture it was found in, when it holds several faces; defaults to `source`. */
  picture?: string;
  descriptor: ArrayLike<number>;
}

export interface ScoredPair {
  a: string;
  b: string;
  samePerson: boolean;
  distance: number;
}

export interface PairErrors {
  pairs: number;
  samePersonPairs: number;
  differentPersonPairs: number;
  /** Different people at or under the threshold. */
  falseAccepts: number;
  /** The same person over the threshold. */
  falseRejects: number;
}

/** Every unordered pair of descriptors with its distance. */
export function scorePairs(labelled: LabelledDescriptor[]): ScoredPair[] {
  return labelled.flatMap((a, i) =>
    labelled.slice(i + 1).map((b) => ({
      a: a.source,
      b: b.source,
      samePerson: a.person === b.person,
      distance: descriptorDistance(a.descriptor, b.descriptor),
    })),
  );
}

/**
 * Every reference descriptor against every live one of another picture: how
 * a check compares, with the reference photo and the camera frame analysed by
 * different detectors. Ordered: (a, b) and (b, a) are different comparisons.
 * Faces of one picture are left unpaired: two detectors need not number them
 * alike.
 */
export function scoreCrossPairs(references: LabelledDescriptor[], live: LabelledDescriptor[]): ScoredPair[] {
  return references.flatMap((a) =>
    live
      .filter((b) => (b.picture ?? b.source) !== (a.picture ?? a.source))
      .map((b) => ({
        a: a.source,
        b: b.source,
        samePerson: a.person === b.person,
        distance: descriptorDistance(a.descriptor, b.descriptor),
      })),
  );
}

export function countPairErrors(pairs: ScoredPair[], threshold: number): PairErrors {
  const same = pairs.filter((p) => p.samePerson);
  const different = pairs.filter((p) => !p.samePerson);
  return {
    pairs: pairs.length,
    samePersonPairs: same.length,
    differentPersonPairs: different.length,
    falseAccepts: different.filter((p) => acceptedAtThreshold(p.distance, threshold)).length,
    falseRejects: same.filter((p) => !acceptedAtThreshold(p.distance, threshold)).length,
  };
}
