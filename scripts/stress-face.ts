/**
 * npm run test:stress — the browser face test, run ten times in a row while
 * another process keeps every core busy (`stress -c <cores>`, or Node busy
 * loops where `stress` is not installed). Outside the normal test run: it
 * takes many minutes. Prints JSON (passes, each run's duration) and writes it
 * to bench/results/face-stress.json; exits 1 unless every run passed.
 *
 *   STRESS_RUNS=10  STRESS_TEST=test/e2e/face-check.e2e.test.ts  npm run test:stress
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.STRESS_RUNS ?? 10);
const TEST = process.env.STRESS_TEST ?? 'test/e2e/face-check.e2e.test.ts';
const CORES = os.availableParallelism();
const LOGS = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-stress-'));

/** The load: `stress` when installed, else one Node busy loop per core. Each in its own process group. */
function startLoad(): { name: string; processes: ChildProcess[] } {
  const hasStress = spawnSync('stress', ['--version'], { stdio: 'ignore' }).status === 0;
  if (hasStress) {
    return {
      name: `stress -c ${CORES}`,
      processes: [spawn('stress', ['-c', String(CORES)], { detached: true, stdio: 'ignore' })],
    };
  }
  const loops = Array.from({ length: CORES }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { detached: true, stdio: 'ignore' }),
  );
  return { name: `${CORES} node busy loops`, processes: loops };
}

function stopLoad(processes: ChildProcess[]): void {
  for (const child of processes) {
    // stress forks its workers into the group it leads: end the whole group.
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

interface RunResult {
  run: number;
  passed: boolean;
  seconds: number;
  log: string;
}

/** One run of the test, its output to a log file. Asynchronous, so that Ctrl-C still ends the load. */
function run(index: number): Promise<RunResult> {
  const log = path.join(LOGS, `run-${index}.log`);
  const out = fs.openSync(log, 'w');
  const started = performance.now();
  const child = spawn('vitest', ['run', TEST], { stdio: ['ignore', out, out] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(out);
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      resolve({ run: index, passed: code === 0, seconds, log });
    });
  });
}

// The test server serves the built pages: build them once, before the load starts.
const build = spawnSync('vite', ['build', '--config', 'client/vite.config.ts'], { stdio: 'ignore' });
if (build.status !== 0) throw new Error('vite build failed');

const load = startLoad();
const stop = () => stopLoad(load.processes);
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
const runs: RunResult[] = [];
try {
  for (let i = 1; i <= RUNS; i++) {
    runs.push(await run(i));
    const last = runs.at(-1)!;
    console.error(
      `run ${i}/${RUNS}: ${last.passed ? 'passed' : 'FAILED'} in ${last.seconds} s (${last.log})`,
    );
  }
} finally {
  stop();
}

const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b);
const report = {
  test: TEST,
  load: load.name,
  cores: CORES,
  loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  runs: runs.length,
  passes: runs.filter((r) => r.passed).length,
  passedInARow: runs.findIndex((r) => !r.passed) === -1 ? runs.length : runs.findIndex((r) => !r.passed),
  seconds: {
    min: seconds[0],
    median: seconds[Math.floor(seconds.length / 2)],
    max: seconds.at(-1),
    each: runs.map((r) => r.seconds),
  },
  failedLogs: runs.filter((r) => !r.passed).map((r) => r.log),
};
const json = JSON.stringify(report, null, 2);
console.log(json);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/face-stress.json', `${json}\n`);
process.exitCode = report.passes === report.runs ? 0 : 1;
