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
