/**
 * The figures the README's "Face check calibration" section states for the
 * labelled photos (test/support/face-labelled-set.ts says which half is which);
 * the labelled accuracy test holds the models to them.
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
    [0.01, 0.58, 6, 627, 3, 76],
    [0.001, 0.49, 0, 627, 10, 76],
    [0, 0.49, 0, 627, 10, 76],
  ]),
  heldOutRoc: roc([
    [0.01, 0.6, 5, 521, 3, 40],
    [0.001, 0.49, 0, 521, 20, 40],
    [0, 0.49, 0, 521, 20, 40],
  ]),
  heldOutAtDefault: {
    pairs: 561,
    samePersonPairs: 40,
    differentPersonPairs: 521,
    falseAccepts: 0,
    falseRejects: 30,
  },
  heldOutPortraitsAtDefault: {
    pairs: 190,
    samePersonPairs: 40,
    differentPersonPairs: 150,
    falseAccepts: 0,
    falseRejects: 30,
  },
};
