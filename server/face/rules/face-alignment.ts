import { LANDMARK, landmarkAt, type Landmarks68, type Point } from './landmarks.js';

/** The square of the picture a descriptor model is shown, turned so that the eyes are level. */
export interface FaceCrop {
  centre: Point;
  /** Radians the face is turned clockwise in the picture (eyes' slope). */
  angle: number;
  /** Side of the square, in picture pixels. */
  side: number;
}

export interface CropGeometry {
  /** Side of the square, in eye-to-mouth distances. */
  sides: number;
  /** Where its centre sits on the way from the eyes' midpoint (0) to the mouth's centre (1). */
  centreAt: number;
}

const MOUTH = Array.from({ length: 20 }, (_, i) => 48 + i);
const mean = (landmarks: Landmarks68, indices: readonly number[]): Point => {
  const points = indices.map((i) => landmarkAt(landmarks, i));
  return {
    x: points.reduce((s, p) => s + p.x, 0) / points.length,
    y: points.reduce((s, p) => s + p.y, 0) / points.length,
  };
};

/**
 * The crop from the 68 landmarks: level eyes take the head's roll out, and the
 * eye-to-mouth distance, unlike the box a detector draws, scales with the face
 * itself, so a tight ID crop and a webcam frame give the model the same view.
 */
export function faceCrop(landmarks: Landmarks68, geometry: CropGeometry): FaceCrop {
  const left = mean(landmarks, LANDMARK.eyePictureLeft);
  const right = mean(landmarks, LANDMARK.eyePictureRight);
  const mouth = mean(landmarks, MOUTH);
  const eyes = { x: (left.x + right.x) / 2, y: (left.y + right.y) / 2 };
  return {
    centre: {
      x: eyes.x + (mouth.x - eyes.x) * geometry.centreAt,
      y: eyes.y + (mouth.y - eyes.y) * geometry.centreAt,
    },
    angle: Math.atan2(right.y - left.y, right.x - left.x),
    side: geometry.sides * Math.hypot(mouth.x - eyes.x, mouth.y - eyes.y),
  };
}

/** Where the crop's pixel (u, v), of a `size`×`size` crop, lies in the picture. */
export function cropToPicture(crop: FaceCrop, size: number, u: number, v: number): Point {
  const scale = crop.side / size;
  const dx = (u + 0.5 - size / 2) * scale;
  const dy = (v + 0.5 - size / 2) * scale;
  const cos = Math.cos(crop.angle);
  const sin = Math.sin(crop.angle);
  return { x: crop.centre.x + dx * cos - dy * sin - 0.5, y: crop.centre.y + dx * sin + dy * cos - 0.5 };
}
