import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from /proc; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Memory in MiB from /proc/<pid>/smaps_rollup: rss counts shared library pages
 * in full in every process; pss shares them out among the processes using them;
 * private is what the process alone holds (what one more recorder costs).
 * Undefined once the process is gone.
 */
export function memoryMiB(pid: number): { rss: number; pss: number; private: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return {
      rss: kib('Rss') / 1024,
      pss: kib('Pss') / 1024,
      private: (kib('Private_Clean') + kib('Private_Dirty')) / 1024,
    };
  } catch {
    return undefined;
  }
}

/** Every process's CPU seconds so far, by pid, with its command name (for a machine-wide share-out). */
export function allProcessesCpu(): Map<number, { command: string; seconds: number }> {
  const found = new Map<number, { command: string; seconds: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const seconds = cpuSeconds(pid);
    if (seconds === undefined) continue;
    let command = '?';
    try {
      command = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    found.set(pid, { command, seconds });
  }
  return found;
}

/**
 * The CPU seconds used between two `allProcessesCpu` snapshots, summed by label:
 * `names` labels chosen pids (a node's id), every other process goes by its command name.
 * Labels under 0.05 s are left out.
 */
export function cpuUsedBetween(
  before: ReturnType<typeof allProcessesCpu>,
  after: ReturnType<typeof allProcessesCpu>,
  names: ReadonlyMap<number, string>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [pid, now] of after) {
    const label = names.get(pid) ?? now.command;
    used[label] = (used[label] ?? 0) + now.seconds - (before.get(pid)?.seconds ?? 0);
  }
  return Object.fromEntries(
    Object.entries(used)
      .filter(([, seconds]) => seconds >= 0.05)
      .sort(([, a], [, b]) => b - a)
      .map(([label, seconds]) => [label, Math.round(seconds * 100) / 100]),
  );
}
