import { spawn, type ChildProcess } from 'node:child_process';

const TAIL_LINES = 20;
const SECOND_SIGINT_AFTER_MS = 1000;

/** How an FFmpeg run ended. */
export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Its last lines on standard error, for the log when something went wrong. */
  stderrTail: string[];
}

/**
 * One FFmpeg process. `started` resolves when FFmpeg has opened its output,
 * which it does only after it has seen enough of the input to know the stream.
 */
export class FfmpegProcess {
  readonly started: Promise<void>;
  readonly exited: Promise<FfmpegExit>;
  readonly #child: ChildProcess;
  readonly #tail: string[] = [];
  #exit: FfmpegExit | undefined;

  constructor(args: readonly string[], binary = 'ffmpeg') {
    this.#child = spawn(binary, ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let markStarted: () => void = () => {};
    this.started = new Promise((resolve) => (markStarted = resolve));
    let partial = '';
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('Output #0')) markStarted();
        this.#tail.push(line);
        if (this.#tail.length > TAIL_LINES) this.#tail.shift();
      }
    });
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        this.#exit ??= { code, signal, stderrTail: [...this.#tail] };
        resolve(this.#exit);
      };
      this.#child.once('close', done);
      // A binary that cannot be started emits 'error' and maybe no 'close'.
      this.#child.once('error', (error) => {
        this.#tail.push(error.message);
        done(null, null);
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /**
   * Asks FFmpeg to finish (SIGINT: it writes the container's trailer, so
   * duration and seek index are in the file) and waits; SIGKILL after `graceMs`.
   */
  async stop(graceMs?: number): Promise<FfmpegExit> {
    if (!this.running) return this.exited;
    return stopFfmpeg((signal) => this.#child.kill(signal), this.exited, graceMs);
  }

  /** Ends it at once (used when setting up failed). */
  kill(): void {
    if (this.running) this.#child.kill('SIGKILL');
  }
}

/**
 * Stops an FFmpeg by `send`ing it signals, and resolves with `exited`: SIGINT,
 * a second SIGINT a second later, SIGKILL after `graceMs` (generous: a loaded
 * machine is slow to schedule it). One SIGINT is only seen between packets:
 * with none coming (the router closed, a side gone) FFmpeg sits in its read.
 * A second one interrupts the read and it still finishes the file; more than
 * three would make it quit hard.
 */
export async function stopFfmpeg<T>(
  send: (signal: NodeJS.Signals) => void,
  exited: Promise<T>,
  graceMs = 10_000,
): Promise<T> {
  send('SIGINT');
  const nudge = setTimeout(() => send('SIGINT'), SECOND_SIGINT_AFTER_MS);
  const timer = setTimeout(() => send('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(nudge);
    clearTimeout(timer);
  }
}
