import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** How long a child has to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 15_000;

export interface SupervisedChildOptions {
  /** What the launcher calls it in its messages: `node-2`, `haproxy`. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Its stdout and stderr go here (appended), so the launcher's terminal stays readable. */
  logFile: string;
  /** Called when it exits without having been asked to stop. */
  onCrash: (name: string, how: string) => void;
  /** The signal that asks it to stop: SIGTERM for most. */
  stopSignal?: NodeJS.Signals;
}

/** A process the cluster launcher started: its crash is reported, its stop is waited for. */
export class SupervisedChild {
  readonly #child: ChildProcess;
  readonly #exited: Promise<string>;
  #stopping = false;

  constructor(private readonly options: SupervisedChildOptions) {
    const log = fs.openSync(options.logFile, 'a', 0o600);
    this.#child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', log, log],
      // Its own process group: Ctrl-C in the terminal reaches the launcher only, which then
      // stops the children in order (haproxy, then the nodes, then the stores), not all at once.
      detached: true,
    });
    fs.closeSync(log);
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) =>
        resolve(signal ? `killed by ${signal}` : `exit code ${code}`),
      );
      this.#child.once('error', (error) => resolve(`could not start: ${error.message}`));
    });
    void this.#exited.then((how) => {
      if (!this.#stopping) options.onCrash(options.name, how);
    });
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number {
    if (this.#child.pid === undefined) throw new Error(`${this.options.name} did not start`);
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves with how it ended, when it ends. */
  get exited(): Promise<string> {
    return this.#exited;
  }

  /** Asks it to stop, then kills it if it has not within the grace time. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (!this.running) return;
    this.#child.kill(this.options.stopSignal ?? 'SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.#exited;
    clearTimeout(timer);
  }
}
