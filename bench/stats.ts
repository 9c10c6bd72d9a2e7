/** The q-quantile (0..1) of a sample, nearest rank. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();

/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC), which every
 * process on one machine reads alike: no skew between a sender and a receiver
 * at sub-millisecond latencies, unlike timeOrigin-based wall-clock time.
 */
export const machineClockMs = (): number => Number(process.hrtime.bigint()) / 1e6;
