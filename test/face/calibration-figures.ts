/**
 * The figures the README's "Face check calibration" section states; the
 * accuracy test holds the models to them.
 */
export const CALIBRATION_FIGURES = {
  threshold: 0.42,
  /** Reference photo against reference photo, both through the ssd path. */
  references: {
    // Every variant enrols since a face the detector misses is looked for again inside a border.
    descriptors: 82,
    undetected: [],
    pairs: 3321,
    samePersonPairs: 1446,
    differentPersonPairs: 1875,
    falseAccepts: 0,
    falseRejects: 54,
  },
  /** Reference photo (ssd path) against a challenge frame (tiny path), as a check compares. */
  checks: {
    descriptors: 73,
    undetected: [
      'vlado-04.png+brighter',
      'vlado-04.png+cropped',
      'vlado-06.png+brighter',
      'vlado-09.png+brighter',
    ],
    pairs: 5865,
    samePersonPairs: 2680,
    differentPersonPairs: 3185,
    falseAccepts: 0,
    falseRejects: 76,
  },
};
