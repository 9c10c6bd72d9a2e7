/**
 * npm run bench:join — ten calls in headless Chromium on loopback. For each, the
 * time from the teller's click on "accept" to the first decoded remote video
 * frame on the customer's side and on the teller's side. Prints JSON and writes
 * it to bench/results/join.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium, newContext } from '../test/support/browser.js';
import { customerJoins, tellerLogsIn } from '../test/support/pages.js';
import { startTestServer } from '../test/support/test-server.js';
import type { Page } from 'playwright-core';

const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const POLL_MS = 10;

/**
 * Watches the page's inbound-rtp stats from inside the page (no DevTools round
 * trip per sample) and returns the wall-clock time the first frame was decoded.
 */
function firstFrameAt(page: Page): Promise<number> {
  return page.evaluate(async (pollMs) => {
    const api = (
      window as unknown as { skyteller: { stats: () => Promise<{ kind: string; framesDecoded?: number }[]> } }
    ).skyteller;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const stats = await api.stats();
      if (stats.some((s) => s.kind === 'video' && (s.framesDecoded ?? 0) > 0)) return Date.now();
      await new Promise((r) => setTimeout(r, pollMs));
    }
    throw new Error('no frame decoded within 20 s');
  }, POLL_MS);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const server = await startTestServer();
const browser = await launchChromium();
const customerMs: number[] = [];
const tellerMs: number[] = [];
try {
  const tellerPage = await (await newContext(browser)).newPage();
  await tellerLogsIn(tellerPage, server.url);
  for (let i = 0; i < CALLS; i++) {
    const context = await newContext(browser);
    const customerPage = await context.newPage();
    await customerJoins(customerPage, server.url, `Bench Customer ${i + 1}`);
    await tellerPage.waitForSelector('[data-testid=accept-offer]', { state: 'visible' });
    // The clock starts when the page receives the click, not when Playwright
    // begins its own checks before clicking (pages and bench share the clock).
    await tellerPage.evaluate(() => {
      const button = document.querySelector('[data-testid=accept-offer]')!;
      button.addEventListener(
        'click',
        () => ((window as unknown as { acceptAt: number }).acceptAt = Date.now()),
        {
          once: true,
        },
      );
    });
    const watching = Promise.all([firstFrameAt(customerPage), firstFrameAt(tellerPage)]);
    await tellerPage.click('[data-testid=accept-offer]');
    const start = await tellerPage.evaluate(() => (window as unknown as { acceptAt: number }).acceptAt);
    const [c, t] = (await watching).map((at) => at - start) as [number, number];
    customerMs.push(c);
    tellerMs.push(t);
    await customerPage.click('[data-testid=hang-up]');
    await customerPage.waitForSelector('[data-testid=call-ended]', { state: 'visible' });
    await tellerPage.waitForSelector('[data-testid=end-call]', { state: 'hidden' });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const both = customerMs.map((c, i) => Math.max(c, tellerMs[i]!));
const result = {
  benchmark: 'join',
  calls: CALLS,
  measuredFrom: "the teller page's click event on accept",
  measuredTo: 'first decoded remote video frame (inbound-rtp framesDecoded > 0)',
  pollIntervalMs: POLL_MS,
  customerFirstFrameMs: { median: median(customerMs), max: Math.max(...customerMs), samples: customerMs },
  tellerFirstFrameMs: { median: median(tellerMs), max: Math.max(...tellerMs), samples: tellerMs },
  bothSidesMs: { median: median(both), max: Math.max(...both) },
  targetMedianMs: 500,
};
fs.mkdirSync(path.join('bench', 'results'), { recursive: true });
fs.writeFileSync(path.join('bench', 'results', 'join.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
