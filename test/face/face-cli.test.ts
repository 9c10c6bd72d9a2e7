import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FACE_FIXTURES_DIR } from '../support/face-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Runs the CLI as the operator would, from the fixtures folder; never throws. */
async function face(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, INIT_CWD: FACE_FIXTURES_DIR };
  try {
    const { stdout, stderr } = await run(
      'node',
      ['--import', 'tsx', 'server/face/engine/face-cli.ts', ...args],
      {
        cwd: ROOT,
        env,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const labelledDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-face-cli-'));
for (const [from, to] of [
  ['vlado-01.png', 'vlado__01.png'],
  ['vlado-02.png', 'vlado__02.png'],
  ['vlado-03.png', 'vlado__03.png'],
  ['astronaut.png', 'collins__mission.png'],
  ['ela_original.jpg', 'nobody__scene.jpg'],
  // A tight ID-style crop, which the detector misses without a border.
  ['labelled/amy__amy1.png', 'amy__amy1.png'],
]) {
  fs.copyFileSync(path.join(FACE_FIXTURES_DIR, from!), path.join(labelledDir, to!));
}
fs.writeFileSync(path.join(labelledDir, 'notes.txt'), 'not an image, and not named person__x');
afterAll(() => fs.rmSync(labelledDir, { recursive: true, force: true }));

describe('npm run face (subprocess, real models)', () => {
  it('compares two photos of one man: distance, threshold and outcome as JSON', async () => {
    const { code, stdout } = await face('compare', 'vlado-01.png', 'vlado-02.png');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toEqual({ distance: expect.any(Number), threshold: 0.58, outcome: 'match' });
    expect(result.distance).toBeLessThan(0.55);
  });

  it('says no-match for two different people', async () => {
    const { code, stdout } = await face('compare', 'vlado-01.png', 'astronaut.png');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).outcome).toBe('no-match');
  });

  it('exits with 2 and a coded error when a photo has several faces or none', async () => {
    const several = await face('compare', 'vlado-01.png', 'sample1.jpg');
    expect(several.code).toBe(2);
    expect(JSON.parse(several.stderr).error).toMatchObject({ code: 'face_multiple' });
    const none = await face('compare', 'ela_original.jpg', 'vlado-01.png');
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stderr).error).toMatchObject({ code: 'face_none' });
  });

  it('evaluates a folder of person__anything files, pairing people by name', async () => {
    const { code, stdout } = await face('evaluate', labelledDir);
    expect(code).toBe(0);
    // The photo without a face is listed, and the other five are still scored.
    const result = JSON.parse(stdout);
    expect(result).toEqual({
      threshold: 0.58,
      images: 6,
      pairs: 10,
      samePersonPairs: 3,
      differentPersonPairs: 7,
      falseAccepts: 0,
      falseRejects: 0,
      notEnrolled: [{ file: 'nobody__scene.jpg', code: 'face_none' }],
      roc: expect.any(Array),
    });
    // The ROC read off the same pairs: 7 different-person pairs allow no false accept even at 1 %.
    expect(result.roc.map((p: { targetFalseMatchRate: number }) => p.targetFalseMatchRate)).toEqual([
      0.01, 0.001, 0,
    ]);
    for (const point of result.roc) {
      expect(point).toMatchObject({ differentPersonPairs: 7, samePersonPairs: 3, falseAccepts: 0 });
      expect(point.threshold).toBeGreaterThanOrEqual(0.58);
    }
  });

  it('explains its usage', async () => {
    const { code, stderr } = await face('compare', 'only-one.jpg');
    expect(code).toBe(1);
    expect(stderr).toMatch(/usage: npm run face -- compare A.jpg B.jpg \| evaluate DIR/);
  });
}, 600_000);
