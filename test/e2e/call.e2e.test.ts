import { describe, expect, it } from 'vitest';
import { audioPackets, framesDecoded, inboundStats, newContext, waitForInbound } from '../support/browser.js';
import { customerJoins, tellerLogsIn } from '../support/pages.js';
import { serverAndBrowser } from '../support/browser-suite.js';

// This test is also what catches a mediasoup worker built without the
// kernel-TLS fix (scripts/mediasoup/build-worker.sh): without it the worker
// dies on the first DTLS handshake and no frame is ever decoded.
const suite = serverAndBrowser();

describe('a 1:1 video call in two Chromium pages', () => {
  it('lets customer and teller see and hear each other, and hang-up frees every router', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await (await newContext(suite.browser)).newPage();

    await tellerLogsIn(teller, suite.server.url);
    await customerJoins(customer, suite.server.url);
    await expect.poll(() => customer.textContent('[data-testid=queue-position]')).toContain('1');

    await teller.click('[data-testid=accept-offer]');
    await expect.poll(() => teller.textContent('[data-testid=customer-name]')).toContain('Li Hua 李华');

    for (const page of [customer, teller]) {
      const first = await waitForInbound(page, (s) => framesDecoded(s) > 0 && audioPackets(s) > 0);
      // Frames keep coming: the count rises, not just a single keyframe.
      await waitForInbound(page, (s) => framesDecoded(s) >= framesDecoded(first) + 10);
      await expect
        .poll(() =>
          page.locator('video[data-testid=remote-video]').evaluate((v: HTMLVideoElement) => v.videoWidth),
        )
        .toBeGreaterThan(0);
      await expect
        .poll(() =>
          page.locator('video[data-testid=local-video]').evaluate((v: HTMLVideoElement) => v.videoWidth),
        )
        .toBeGreaterThan(0);
    }
    expect(suite.server.pool.routerCount).toBe(1);

    await customer.click('[data-testid=hang-up]');

    await customer.click('[data-testid=hang-up-confirm]');
    await customer.waitForSelector('[data-testid=call-ended]', { state: 'visible' });
    await expect.poll(() => suite.server.pool.routerCount).toBe(0);
    expect(suite.server.rooms.count).toBe(0);
    // The teller's call screen closes too.
    await teller.waitForSelector('[data-testid=end-call]', { state: 'hidden' });
    // The next test signs teller1 in afresh: this desk must not stay available beside it.
    await Promise.all([teller.context().close(), customer.context().close()]);
  }, 90_000);

  it('brings a customer whose page reloads mid-call back into the same call, video both ways', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await (await newContext(suite.browser)).newPage();
    await tellerLogsIn(teller, suite.server.url);
    await customerJoins(customer, suite.server.url);
    await teller.click('[data-testid=accept-offer]');
    await waitForInbound(teller, (s) => framesDecoded(s) > 10);
    const callsBefore = suite.server.calls.registry.count;

    await customer.reload();
    // The page finds its call from the ticket it kept, and builds new media on the same router.
    await waitForInbound(customer, (s) => framesDecoded(s) > 10);
    const tellerFrames = framesDecoded(await inboundStats(teller));
    await waitForInbound(teller, (s) => framesDecoded(s) >= tellerFrames + 20);
    expect(suite.server.calls.registry.count).toBe(callsBefore);
    expect(suite.server.pool.routerCount).toBe(1);
    await customer.click('[data-testid=hang-up]');
    await customer.click('[data-testid=hang-up-confirm]');
    await customer.waitForSelector('[data-testid=call-ended]', { state: 'visible' });
    await expect.poll(() => suite.server.pool.routerCount, { timeout: 20_000 }).toBe(0);
  }, 90_000);
});
