import { describe, expect, it } from 'vitest';
import { ProcessLoadSampler } from './process-load.js';

describe('ProcessLoadSampler', () => {
  it('sees a busy stretch as CPU and event-loop lag, and the quiet one after as less lag', async () => {
    let now = 0;
    const sampler = new ProcessLoadSampler(() => now);
    // The delay monitor's timer starts on the loop's next turn: let it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const start = performance.now();
    // The main thread busy for 150 ms: the event loop waits that long.
    while (performance.now() - start < 150) Math.sqrt(Math.random());
    await new Promise((resolve) => setTimeout(resolve, 30));
    now = performance.now() - start;
    const busy = sampler.sample();
    expect(busy.cpuPercent).toBeGreaterThan(10);
    expect(busy.eventLoopLagMs).toBeGreaterThanOrEqual(50);
    await new Promise((resolve) => setTimeout(resolve, 60));
    now += 60;
    const quiet = sampler.sample();
    expect(quiet.eventLoopLagMs).toBeLessThan(busy.eventLoopLagMs);
    sampler.close();
  });
});
