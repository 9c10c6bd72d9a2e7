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

/**
 * Two faces of two different group pictures: nobody has said who they are.
 * Faces of one picture are surely different people, but the face-api demo's
 * group photos come from one shoot whose people recur (a woman in sample1 is,
 * by eye, the one in sample2, 0.49 apart), so across pictures the "different
 * person" label would be a guess that counts true matches as false accepts.
 */
const unlabelled = (a: LabelledDescriptor, b: LabelledDescriptor): boolean =>
  a.picture !== undefined && b.picture !== undefined && a.picture !== b.picture;

/** Every unordered pair of descriptors with its distance, except unlabelled ones. */
export function scorePairs(labelled: LabelledDescriptor[]): ScoredPair[] {
  return labelled.flatMap((a, i) =>
    labelled
      .slice(i + 1)
      .filter((b) => !unlabelled(a, b))
      .map((b) => ({
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
 * alike. So are faces of two group pictures (see `unlabelled`).
 */
export function scoreCrossPairs(references: LabelledDescriptor[], live: LabelledDescriptor[]): ScoredPair[] {
  return references.flatMap((a) =>
    live
      .filter((b) => (b.picture ?? b.source) !== (a.picture ?? a.source) && !unlabelled(a, b))
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
