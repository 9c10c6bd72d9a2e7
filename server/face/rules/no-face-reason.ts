/** Why a photo gave no face, so the teller can ask for the right kind of new one. */
export type NoFaceReason = 'face_too_small' | 'face_too_dark' | 'face_none';

// Below this, the detector's smallest anchors cannot hold a face (SSD MobileNet
// works on a 512×512 resize; a face under ~40 px there is not found).
export const MIN_PHOTO_SIDE = 64;
// Mean luma (0–255, BT.601) under which a photo is too dark to show a face.
export const MIN_MEAN_LUMA = 40;

export function noFaceReason(photo: { width: number; height: number; meanLuma: number }): NoFaceReason {
  if (Math.min(photo.width, photo.height) < MIN_PHOTO_SIDE) return 'face_too_small';
  if (photo.meanLuma < MIN_MEAN_LUMA) return 'face_too_dark';
  return 'face_none';
}
