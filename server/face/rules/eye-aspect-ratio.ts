import { distance, LANDMARK, landmarkAt, type Landmarks68 } from './landmarks.js';

/**
 * Soukupová and Čech's eye aspect ratio for one eye given its six points in
 * the 68-point order (corner, two upper lids, corner, two lower lids): the
 * mean lid opening over the eye's width. Roughly 0.25–0.35 open, near 0 shut.
 */
function oneEye(landmarks: Landmarks68, indices: readonly number[]): number {
  const [p1, p2, p3, p4, p5, p6] = indices.map((i) => landmarkAt(landmarks, i));
  const width = distance(p1!, p4!);
  if (width === 0) return 0;
  return (distance(p2!, p6!) + distance(p3!, p5!)) / (2 * width);
}

/** Both eyes averaged: a blink closes both, a wink or a glint on one lid should not count. */
export function eyeAspectRatio(landmarks: Landmarks68): number {
  return (oneEye(landmarks, LANDMARK.eyePictureLeft) + oneEye(landmarks, LANDMARK.eyePictureRight)) / 2;
}
