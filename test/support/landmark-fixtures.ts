import fs from 'node:fs';
import path from 'node:path';
import type { Landmarks68, Point } from '../../server/face/rules/landmarks.js';
import { FACE_FIXTURES_DIR } from './face-fixtures.js';

export type LandmarkFixture =
  | 'astronaut-frontal'
  | 'astronaut-turned-left'
  | 'astronaut-turned-right'
  | 'astronaut-turned-left-mirrored'
  | 'vlado-01';

const all = JSON.parse(fs.readFileSync(path.join(FACE_FIXTURES_DIR, 'landmarks.json'), 'utf8')) as Record<
  LandmarkFixture,
  Point[]
>;

export const landmarkFixture = (name: LandmarkFixture): Landmarks68 => all[name];

/** The same landmarks moved, scaled and rolled in the picture plane. */
export function transformed(
  landmarks: Landmarks68,
  { angle = 0, scale = 1, dx = 0, dy = 0 }: { angle?: number; scale?: number; dx?: number; dy?: number },
): Landmarks68 {
  const cos = Math.cos(angle) * scale;
  const sin = Math.sin(angle) * scale;
  return landmarks.map(({ x, y }) => ({ x: x * cos - y * sin + dx, y: x * sin + y * cos + dy }));
}

/** Closes both eyes by the given fraction: each lid point moves towards the eye's midline. */
export function withEyesClosed(landmarks: Landmarks68, fraction: number): Landmarks68 {
  const lids = [
    [37, 41],
    [38, 40],
    [43, 47],
    [44, 46],
  ];
  const copy = landmarks.map((p) => ({ ...p }));
  for (const [upper, lower] of lids) {
    const a = copy[upper!]!;
    const b = copy[lower!]!;
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    copy[upper!] = { x: a.x + (mid.x - a.x) * fraction, y: a.y + (mid.y - a.y) * fraction };
    copy[lower!] = { x: b.x + (mid.x - b.x) * fraction, y: b.y + (mid.y - b.y) * fraction };
  }
  return copy;
}
