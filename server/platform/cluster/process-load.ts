import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What this process costs its machine since the previous sample. */
export interface ProcessLoad {
  /** Share of one core this process used (100 = one core busy), averaged since the last sample. */
  cpuPercent: number;
  /** The worst event-loop delay seen since the last sample, in ms: what a request waits for its turn. */
  eventLoopLagMs: number;
}

/**
 * CPU and event-loop lag of this process, each sample covering the time since
 * the one before. Both come from counters Node keeps anyway, so sampling every
 * few seconds costs nothing measurable. mediasoup workers are child processes:
 * their CPU is not in here, their routers are counted apart.
 */
export class ProcessLoadSampler {
  readonly #delay = monitorEventLoopDelay({ resolution: 20 });
  #cpu = process.cpuUsage();
  #at: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.#at = now();
    this.#delay.enable();
  }

  sample(): ProcessLoad {
    const at = this.now();
    const used = process.cpuUsage(this.#cpu);
    const elapsedMs = Math.max(at - this.#at, 1);
    const cpuPercent = ((used.user + used.system) / 1000 / elapsedMs) * 100;
    // The histogram is in nanoseconds, and its max is 0 before any delay was measured.
    const eventLoopLagMs = this.#delay.count > 0 ? this.#delay.max / 1e6 : 0;
    this.#cpu = process.cpuUsage();
    this.#at = at;
    this.#delay.reset();
    return { cpuPercent: round(cpuPercent), eventLoopLagMs: round(eventLoopLagMs) };
  }

  close(): void {
    this.#delay.disable();
  }
}

const round = (value: number): number => Math.round(value * 10) / 10;
