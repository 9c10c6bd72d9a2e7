import { setText } from '../common/i18n.js';
import type { InboundStat } from './media-stats.js';

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

interface Totals {
  received: number;
  lost: number;
  jitter: number;
}

const POLL_MS = 2_000;

function totals(stats: InboundStat[]): Totals {
  return stats.reduce(
    (sum, s) => ({
      received: sum.received + s.packetsReceived,
      lost: sum.lost + s.packetsLost,
      jitter: Math.max(sum.jitter, s.jitter),
    }),
    { received: 0, lost: 0, jitter: 0 },
  );
}

/** Grades the interval between two samples by packet loss and jitter. */
export function assessQuality(previous: InboundStat[] | null, next: InboundStat[]): Quality {
  if (!previous || next.length === 0) return 'unknown';
  const before = totals(previous);
  const after = totals(next);
  const received = after.received - before.received;
  const lost = Math.max(0, after.lost - before.lost);
  // Counters restart when a consumer is replaced; that interval says nothing.
  if (received < 0) return 'unknown';
  if (received === 0) return 'poor';
  const lossRate = lost / (lost + received);
  if (lossRate < 0.02 && after.jitter < 0.03) return 'good';
  if (lossRate < 0.08 && after.jitter < 0.1) return 'fair';
  return 'poor';
}

/** Polls stats while a call runs and shows the grade in `el`. */
export class QualityIndicator {
  private timer: ReturnType<typeof setInterval> | null = null;
  private previous: InboundStat[] | null = null;

  constructor(private readonly el: HTMLElement) {
    el.dataset.testid = 'network-quality';
    this.show('unknown');
  }

  start(source: () => Promise<InboundStat[]>): void {
    this.stop();
    this.timer = setInterval(() => {
      source()
        .then((stats) => {
          this.show(assessQuality(this.previous, stats));
          this.previous = stats;
        })
        .catch(() => this.show('unknown'));
    }, POLL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.previous = null;
    this.show('unknown');
  }

  private show(quality: Quality): void {
    this.el.dataset.quality = quality;
    setText(this.el, `quality.${quality}`);
  }
}
