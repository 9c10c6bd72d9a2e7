import type { FaceEngine } from '../../server/face/engine/face-engine.js';
import { cylinderTurn, decodeFixture, encodeJpeg } from './face-augmentations.js';
import { readFaceFixture } from './face-fixtures.js';

const DEGREES = Math.PI / 180;

/** Yaw angles, in degrees, of a customer turning left, back, right, back: five frames a second. */
export const LEFT_THEN_RIGHT = [0, 0, 0, 15, 30, 30, 15, 0, 0, -15, -30, -30, -15, 0, 0];

/**
 * JPEG frames made from one photo, each turned by a cylinder warp to the
 * given angle: a geometric stand-in for a head turn, to test the liveness
 * logic end to end (not presentation-attack detection).
 */
export async function syntheticTurnFrames(
  engine: FaceEngine,
  photo: string,
  anglesInDegrees: number[],
): Promise<Uint8Array[]> {
  const bytes = readFaceFixture(photo);
  const image = decodeFixture(bytes);
  const { box } = await engine.singleFace(bytes);
  return anglesInDegrees.map((angle) => encodeJpeg(cylinderTurn(image, box, angle * DEGREES), 85));
}
