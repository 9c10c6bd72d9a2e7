import { LANDMARK, landmarkAt, type Landmarks68, type Point } from './landmarks.js';

/**
 * Where the nose tip falls between two symmetric points, projected on the line
 * through them: -1 at the picture-left point, +1 at the picture-right one.
 * Projecting (rather than comparing x) keeps a tilted head from reading as a turn.
 */
function noseOffsetBetween(nose: Point, left: Point, right: Point): number {
  const axisX = right.x - left.x;
  const axisY = right.y - left.y;
  const lengthSquared = axisX * axisX + axisY * axisY;
  if (lengthSquared === 0) return 0;
  const along = ((nose.x - left.x) * axisX + (nose.y - left.y) * axisY) / lengthSquared;
  return 2 * along - 1;
}

/**
 * Head yaw from the 68 landmarks, about -1 … +1; 0 is frontal. Positive means
 * the nose moved towards the picture's right, which in an unmirrored camera
 * frame is the subject turning to their own left. The jaw and the outer eye
 * corners are averaged because either alone is noisy on one side of the face.
 */
export function headYaw(landmarks: Landmarks68): number {
  const nose = landmarkAt(landmarks, LANDMARK.noseTip);
  const byJaw = noseOffsetBetween(
    nose,
    landmarkAt(landmarks, LANDMARK.jawPictureLeft),
    landmarkAt(landmarks, LANDMARK.jawPictureRight),
  );
  const byEyes = noseOffsetBetween(
    nose,
    landmarkAt(landmarks, LANDMARK.eyeOuterCornerPictureLeft),
    landmarkAt(landmarks, LANDMARK.eyeOuterCornerPictureRight),
  );
  return (byJaw + byEyes) / 2;
}
