/**
 * The figures the README's "Face check calibration" section states; the
 * accuracy test holds the models to them.
 */
export const CALIBRATION_FIGURES = {
  threshold: 0.42,
  descriptors: 80,
  undetected: ['vlado-06.png+brighter', 'vlado-08.png+darker'],
  pairs: 3160,
  samePersonPairs: 1341,
  differentPersonPairs: 1819,
  falseAccepts: 0,
  falseRejects: 58,
};
