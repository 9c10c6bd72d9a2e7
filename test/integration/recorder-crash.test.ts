import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../server/recording/media-probe.js';
import { sleep } from '../support/recorder-kit.js';
import { waitFor } from '../support/wait.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** The FFmpegs the killed process left behind; whatever is still running at the end is killed. */
const orphans: number[] = [];
let folder: string | undefined;
afterAll(() => {
  for (const pid of orphans) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

describe('a recording process killed with SIGKILL', () => {
  it('leaves FFmpeg to finish the file once the media stops', async () => {
    const child = spawn('node', ['--import', 'tsx', 'test/support/recorder-child.ts'], {
      cwd: ROOT,
      env: { ...process.env, SILENCE_TIMEOUT_S: '4' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', () => reject(new Error('the recording process ended early')));
    });
    const { recorderPid, senderPid, file } = JSON.parse(line) as {
      recorderPid: number;
      senderPid: number;
      file: string;
    };
    orphans.push(recorderPid, senderPid);
    folder = path.dirname(file);
    await sleep(5000);
    child.kill('SIGKILL');
    // Its mediasoup worker dies with it; FFmpeg hears nothing more and ends after the silence timeout.
    await waitFor(() => !alive(recorderPid), 20_000);
    const probe = await probeMedia(file);
    expect(probe.streams[0]).toMatchObject({ kind: 'video', codec: 'vp8' });
    // At least four of the five seconds sent, at 15 frames a second, of which a loaded machine's
    // sender may drop a quarter (52 of 60 seen at load 12); a file cut at the kill holds far fewer.
    expect(probe.streams[0]!.packets).toBeGreaterThanOrEqual(4 * 15 * 0.75);
    expect(probe.durationMs).toBeGreaterThanOrEqual(4000);
  }, 45_000);
});
