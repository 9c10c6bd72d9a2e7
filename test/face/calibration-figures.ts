/**
 * The figures the README's "Face check calibration" section states; the
 * accuracy test holds the models to them.
 */
export const CALIBRATION_FIGURES = {
  threshold: 0.42,
  /** Reference photo against reference photo, both through the ssd path. */
  references: {
    descriptors: 80,
    undetected: ['vlado-06.png+brighter', 'vlado-08.png+darker'],
    pairs: 3160,
    samePersonPairs: 1341,
    differentPersonPairs: 1819,
    falseAccepts: 0,
    falseRejects: 49,
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
    pairs: 5720,
    samePersonPairs: 2581,
    differentPersonPairs: 3139,
    falseAccepts: 0,
    falseRejects: 70,
  },
};
