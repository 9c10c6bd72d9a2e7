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
   * Waits `signalAfterMs` for FFmpeg to end by itself (it was asked another
   * way), then asks it with signals, and resolves with how it ended.
   */
  async stop(options: StopOptions = {}): Promise<FfmpegExit> {
    if (!this.running) return this.exited;
    return stopFfmpeg((signal) => this.#child.kill(signal), this.exited, options);
  }

  /** Ends it at once (used when setting up failed). */
  kill(): void {
    if (this.running) this.#child.kill('SIGKILL');
  }
}

export interface StopOptions {
  /** How long to wait before the first signal. */
  signalAfterMs?: number;
  /** When SIGKILL comes after the first signal (generous: a loaded machine is slow to schedule FFmpeg). */
  graceMs?: number;
}

/**
 * Stops an FFmpeg by `send`ing it signals, and resolves with `exited`: after
 * `signalAfterMs`, SIGINT; a second SIGINT a second later; SIGKILL after
 * `graceMs`. SIGINT makes FFmpeg finish the file (trailer included), but is
 * only seen between packets: with none coming FFmpeg sits in its read. The
 * second one interrupts the read; FFmpeg then closes the file without its
 * trailer (losing the last cluster), still readable.
 */
export async function stopFfmpeg<T>(
  send: (signal: NodeJS.Signals) => void,
  exited: Promise<T>,
  { signalAfterMs = 0, graceMs = 10_000 }: StopOptions = {},
): Promise<T> {
  const timers = [
    setTimeout(() => send('SIGINT'), signalAfterMs),
    setTimeout(() => send('SIGINT'), signalAfterMs + SECOND_SIGINT_AFTER_MS),
    setTimeout(() => send('SIGKILL'), signalAfterMs + graceMs),
  ];
  try {
    return await exited;
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}
