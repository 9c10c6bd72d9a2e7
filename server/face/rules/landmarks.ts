/** A point in image pixels: x grows to the right of the picture, y downwards. */
export interface Point {
  x: number;
  y: number;
}

/** The 68 points of the iBUG 300-W layout, as face-api's landmark net returns them. */
export type Landmarks68 = readonly Point[];

export const LANDMARK_COUNT = 68;

/**
 * Indices into the 68-point layout. "Picture-left" is the left of the image as
 * the camera took it (not mirrored): that is the subject's own right side.
 */
export const LANDMARK = {
  jawPictureLeft: 0,
  jawPictureRight: 16,
  noseTip: 30,
  eyePictureLeft: [36, 37, 38, 39, 40, 41],
  eyePictureRight: [42, 43, 44, 45, 46, 47],
  eyeOuterCornerPictureLeft: 36,
  eyeOuterCornerPictureRight: 45,
} as const;

export function landmarkAt(landmarks: Landmarks68, index: number): Point {
  const point = landmarks[index];
  if (!point) throw new RangeError(`expected ${LANDMARK_COUNT} landmarks, got ${landmarks.length}`);
  return point;
}

export const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
