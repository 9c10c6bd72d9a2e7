import fs from 'node:fs/promises';
import path from 'node:path';
import { stopFfmpeg } from './ffmpeg-process.js';
import { sdpPort } from './rules/recorder-sdp.js';
import { sendRtcpBye } from './rtcp-bye.js';

const POLL_MS = 100;

/**
 * Processes holding a file under `folder` open, read from /proc/<pid>/fd.
 * After a crash these are the FFmpegs the dead server left: they outlive it
 * and finish their files on their own once no packet comes.
 */
export async function processesUsing(folder: string): Promise<number[]> {
  const pids = (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const using = await Promise.all(pids.map((pid) => holdsFileIn(pid, folder)));
  return pids.filter((pid, i) => using[i] && pid !== process.pid);
}

/** True when `pid` has a file under `folder` open; false for a process gone or not ours to look at. */
async function holdsFileIn(pid: number, folder: string): Promise<boolean> {
  const prefix = `${path.resolve(folder)}/`;
  const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => []);
  for (const fd of fds) {
    const target = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target.startsWith(prefix)) return true;
  }
  return false;
}

/**
 * Asks every process still writing into `folder` to finish, as a recorder is
 * stopped: a BYE to the port each recorder's SDP (still in the folder while
 * its FFmpeg runs) names, then signals. Resolves once none holds a file there:
 * only then are the files whole and safe to hash.
 */
export async function stopWritersIn(
  folder: string,
  { byeWaitMs = 3000, graceMs = 10_000 } = {},
): Promise<number[]> {
  const writers = await processesUsing(folder);
  if (writers.length === 0) return [];
  // Only while they run: their ports are theirs, no other process can have taken one.
  for (const name of (await fs.readdir(folder)).filter((f) => f.endsWith('.sdp'))) {
    const port = sdpPort(await fs.readFile(path.join(folder, name), 'utf8'));
    if (port) await sendRtcpBye(port).catch(() => {});
  }
  await Promise.all(
    writers.map((pid) =>
      stopFfmpeg(
        (signal) => {
          try {
            process.kill(pid, signal);
          } catch {
            // Gone already.
          }
        },
        closedFiles(folder, pid, byeWaitMs + graceMs + 5000),
        { signalAfterMs: byeWaitMs, graceMs },
      ),
    ),
  );
  return writers;
}

/** Resolves once `pid` holds nothing under `folder` (it exited; a zombie holds no files), or after `limitMs`. */
async function closedFiles(folder: string, pid: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && (await holdsFileIn(pid, folder)))
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}
