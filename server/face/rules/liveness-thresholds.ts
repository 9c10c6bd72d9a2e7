/**
 * Where a head counts as turned and an eye as shut. Yaw is headYaw's scale;
 * eye ratios are relative to the series' own median eye aspect ratio, because
 * the open-eye ratio differs a lot between people.
 */
export interface LivenessThresholds {
  /** |yaw| at or above this is a turn. */
  turnYaw: number;
  /** |yaw| below this is back to frontal; between the two the previous pose holds. */
  frontalYaw: number;
  /** Eye ratio at or below median × this is shut. */
  closedEyeRatio: number;
  /** Eye ratio at or above median × this is open again. */
  openEyeRatio: number;
}

export const DEFAULT_LIVENESS_THRESHOLDS: LivenessThresholds = {
  turnYaw: 0.3,
  frontalYaw: 0.15,
  closedEyeRatio: 0.65,
  openEyeRatio: 0.85,
};
