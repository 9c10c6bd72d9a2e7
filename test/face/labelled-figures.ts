/**
 * The figures the README's "Face check calibration" section states for the
 * labelled photos (test/support/face-labelled-set.ts says which half is which);
 * the labelled accuracy test holds the models to them. Thresholds are rounded
 * down to three decimals.
 */
const roc = (rows: [number, number, number, number, number, number][]) =>
  rows.map(
    ([
      targetFalseMatchRate,
      threshold,
      falseAccepts,
      differentPersonPairs,
      falseRejects,
      samePersonPairs,
    ]) => ({
      targetFalseMatchRate,
      threshold,
      falseAccepts,
      differentPersonPairs,
      falseRejects,
      samePersonPairs,
    }),
  );

export const LABELLED_FIGURES = {
  tuningRoc: roc([
    [0.01, 0.661, 6, 600, 0, 76],
    [0.001, 0.587, 0, 600, 0, 76],
    [0, 0.587, 0, 600, 0, 76],
  ]),
  heldOutRoc: roc([
    [0.01, 0.625, 4, 465, 0, 40],
    [0.001, 0.572, 0, 465, 2, 40],
    [0, 0.572, 0, 465, 2, 40],
  ]),
  /** The target is set on this kind of photo: no false accept, at most 5 % false rejects. */
  heldOutPortraitsAtDefault: {
    pairs: 190,
    samePersonPairs: 40,
    differentPersonPairs: 150,
    falseAccepts: 0,
    falseRejects: 2,
  },
  /** With the group photos' faces: one pair of one group photo, 0.573 apart, in the review band. */
  heldOutAtDefault: {
    pairs: 505,
    samePersonPairs: 40,
    differentPersonPairs: 465,
    falseAccepts: 1,
    falseRejects: 2,
  },
};
