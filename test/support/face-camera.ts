import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FaceEngine } from '../../server/face/engine/face-engine.js';
import { syntheticTurnFrames } from './synthetic-head-moves.js';

/**
 * Cylinder-warp angles in degrees for vlado-07.png (whose photo is turned a
 * little to the subject's right: 15° brings it frontal), at five samples a
 * second, one 5.4-second loop: a frontal stretch for the match, then a turn to
 * the subject's left held 1.2 s and straight over to the right, held as long.
 * Chromium loops the clip from wherever it is when the challenge starts, so a
 * start inside the right turn (about one in five) sees it first and fails as
 * wrong_motion, which the test retries. Each turn is held long enough for a
 * page that captures only a frame a second on saturated cores to see it: with
 * 0.6 s turns such a page missed the left one in every attempt of a run.
 */
export const FRONTAL_THEN_LEFT_RIGHT = [
  ...Array<number>(12).fill(15),
  35,
  ...Array<number>(6).fill(48),
  0,
  ...Array<number>(6).fill(-15),
  0,
];

const FPS = 15;
/** Loops of the motion in one clip: with camera noise, frames repeat only when the whole clip does. */
const REPEATS = 3;

/**
 * A fake-camera clip of one photo performing a synthetic head turn, padded to
 * 640×480 as a webcam would deliver, with sensor-like noise: a real camera
 * never delivers the same frame twice, and the server refuses repeated frames
 * as replays. Cached by photo and motion.
 */
export async function faceCameraClip(engine: FaceEngine, photo: string, angles: number[]): Promise<string> {
  const name = `skyteller-face-cam-${path.parse(photo).name}-${angles.join('_').replaceAll('-', 'm')}.y4m`;
  const file = path.join(os.tmpdir(), name);
  if (fs.existsSync(file)) return file;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-face-frames-'));
  const frames = await syntheticTurnFrames(engine, photo, angles);
  // One extra frame, so that the clip's length is no multiple of the page's
  // capture interval and later checks sample other frames than earlier ones.
  const loops = [...Array.from({ length: REPEATS }, () => frames).flat(), frames[0]!];
  // Each sample is held for FPS / 5 camera frames.
  loops
    .flatMap((frame, i) => Array<Uint8Array>(i === loops.length - 1 ? 1 : FPS / 5).fill(frame))
    .forEach((frame, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}.jpg`), frame));
  const partial = `${file}.${process.pid}.y4m`;
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-framerate', String(FPS)],
    ...['-i', path.join(dir, '%04d.jpg')],
    ...[
      '-vf',
      'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,noise=alls=4:allf=t+u',
    ],
    ...['-pix_fmt', 'yuv420p', partial],
  ]);
  fs.renameSync(partial, file);
  fs.rmSync(dir, { recursive: true, force: true });
  return file;
}
