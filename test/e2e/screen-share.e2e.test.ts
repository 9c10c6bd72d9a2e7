import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closedRecording, recordedBytes } from '../support/call-media.js';
import {
  framesDecoded,
  inboundStats,
  newContext,
  waitForInbound,
  type InboundStats,
} from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { customerJoins, staffSignsIn, tellerEndsCall, tellerLogsIn } from '../support/pages.js';

// Chromium's fake media UI (launchChromium's --use-fake-ui-for-media-stream with the fake
// devices) answers getDisplayMedia headless with a synthetic 1280×720 "screen"; no picker shows.
const suite = serverAndBrowser();

/** Set SKYTELLER_SCREENSHOTS=<dir> to keep a picture of the customer's shared-screen layout. */
const SHOTS = process.env.SKYTELLER_SCREENSHOTS;

const DEVICES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const;
/** One customer per device, so the auditor finds each call by its customer. */
const ID_NUMBERS = { phone: '11010519491231002X', desktop: '110105198803140031' } as const;

/**
 * The auditor opens the call once its recording is closed and moves the
 * player into the share: its place shows, playing the share's file.
 */
async function auditorSeesShare(browser: Browser, idNumber: string, atMs: number): Promise<void> {
  const auditor = await (await newContext(browser)).newPage();
  await staffSignsIn(auditor, `${suite.server.url}/auditor/`, 'auditor1');
  await auditor.fill('input[name=customer]', idNumber);
  const row = auditor.locator('[data-testid=call-row]');
  await expect
    .poll(
      async () => {
        await auditor.click('[data-testid=search-calls]');
        return row.locator('[data-status=recording-complete]').count();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(1);
  await row.click();
  await auditor.waitForSelector('[data-testid=player]', { state: 'visible' });
  await auditor.waitForSelector('[data-side=screen]', { state: 'visible' });
  await auditor.locator('[data-testid=seek]').evaluate((bar, value) => {
    (bar as HTMLInputElement).value = String(value);
    bar.dispatchEvent(new Event('input', { bubbles: true }));
  }, atMs);
  const screen = auditor.locator('video[data-testid=playback-screen]');
  await expect
    .poll(() => screen.evaluate((v: HTMLVideoElement) => v.src), { timeout: 15_000 })
    .toMatch(/-screen-\d+\.webm$/);
  await expect
    .poll(() => screen.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 })
    .toBeGreaterThan(0);
  if (SHOTS) {
    await auditor.locator('[data-testid=player]').scrollIntoViewIfNeeded();
    await auditor.screenshot({ path: path.join(SHOTS, 'screen-share-auditor.png') });
  }
  await auditor.context().close();
}

async function customerOn(browser: Browser, device: keyof typeof DEVICES): Promise<Page> {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    permissions: ['camera', 'microphone'],
    locale: 'zh-CN',
    ...DEVICES[device],
  });
  return context.newPage();
}

/**
 * The teller's page keeps every stream getDisplayMedia gave it, so the test can
 * end one as the browser's own "stop sharing" bar does: the track stops and
 * says `ended` (a script's own stop() says nothing, so the event is sent too).
 */
async function tellerWithDisplayHook(browser: Browser): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.addInitScript(() => {
    const shared: MediaStream[] = [];
    const original = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getDisplayMedia = async (options) => {
      const stream = await original(options);
      shared.push(stream);
      return stream;
    };
    (window as unknown as { endDisplayCapture: () => void }).endDisplayCapture = () => {
      for (const track of shared.splice(0).flatMap((s) => s.getTracks())) {
        track.stop();
        track.dispatchEvent(new Event('ended'));
      }
    };
  });
  return page;
}

const screenWidth = (page: Page) =>
  page.locator('video[data-testid=shared-screen]').evaluate((v: HTMLVideoElement) => v.videoWidth);
const sharing = (page: Page) => page.locator('.stage').evaluate((s) => s.hasAttribute('data-sharing'));
const area = async (page: Page, selector: string) => {
  const box = await page.locator(selector).boundingBox();
  return box ? box.width * box.height : 0;
};
/** Inbound video streams that have decoded frames: the teller's camera, and its screen while shared. */
const decodingVideos = (stats: InboundStats[]) =>
  stats.filter((s) => s.kind === 'video' && (s.framesDecoded ?? 0) > 0).length;

const shareEvents = async (callId: string) =>
  (
    await suite.server.kysely
      .selectFrom('call_events')
      .select('type')
      .where('call_id', '=', callId)
      .where('type', 'like', 'call.screen_share.%')
      .orderBy('seq')
      .execute()
  ).map((e) => e.type);

describe('a teller shares its screen with the customer', () => {
  for (const device of ['phone', 'desktop'] as const) {
    it(`shows the share large on the customer's ${device}, the teller small, and records it as its own track`, async () => {
      const teller = await tellerWithDisplayHook(suite.browser);
      const customer = await customerOn(suite.browser, device);
      await tellerLogsIn(teller, suite.server.url);
      await customerJoins(customer, suite.server.url, 'Li Hua 李华', { idNumber: ID_NUMBERS[device] });
      await teller.click('[data-testid=accept-offer]');
      await waitForInbound(customer, (s) => framesDecoded(s) > 0, 60_000);
      const [callId] = suite.server.calls.registry.ids();

      const share = teller.locator('[data-testid=share-screen]');
      await expect.poll(() => share.getAttribute('data-state')).toBe('off');
      await share.click();
      await expect.poll(() => share.getAttribute('data-state'), { timeout: 30_000 }).toBe('on');

      // The customer decodes the share beside the camera, and shows it large with the camera small.
      await expect.poll(() => screenWidth(customer), { timeout: 60_000 }).toBeGreaterThan(0);
      const first = await waitForInbound(customer, (s) => decodingVideos(s) >= 2, 60_000);
      await waitForInbound(customer, (s) => framesDecoded(s) >= framesDecoded(first) + 10, 60_000);
      expect(await sharing(customer)).toBe(true);
      const shared = await area(customer, 'video[data-testid=shared-screen]');
      const camera = await area(customer, 'video[data-testid=remote-video]');
      expect(camera).toBeGreaterThan(0);
      expect(shared).toBeGreaterThan(camera * 4);
      // The teller is reminded that the customer sees its screen.
      expect(await teller.getByText(/sharing your screen|正在共享屏幕/).isVisible()).toBe(true);
      if (SHOTS) {
        for (const locale of ['zh-CN', 'en'] as const) {
          // The language switch folds away on a phone in a call; the picture is of the call, not of it.
          await customer.locator(`[data-testid=locale-${locale}]`).dispatchEvent('click');
          await customer.evaluate(() => window.scrollTo(0, 0));
          await customer.screenshot({ path: path.join(SHOTS, `screen-share-${device}-${locale}.png`) });
        }
        await teller.screenshot({ path: path.join(SHOTS, `screen-share-teller-${device}.png`) });
      }

      // The recorder has written some of the share before it stops (it starts a moment after the share).
      await expect
        .poll(() => recordedBytes(suite.server.dataDir, callId!, /-screen-\d+\.webm$/), { timeout: 60_000 })
        .toBeGreaterThan(0);

      // The teller's button stops it; the customer's stage is back to the camera.
      await share.click();
      await expect.poll(() => share.getAttribute('data-state')).toBe('off');
      await expect.poll(() => sharing(customer), { timeout: 30_000 }).toBe(false);
      await expect(customer.locator('video[data-testid=shared-screen]').isHidden()).resolves.toBe(true);

      // Shared again, then ended from the browser's own "stop sharing".
      await share.click();
      await expect.poll(() => sharing(customer), { timeout: 60_000 }).toBe(true);
      await teller.evaluate(() =>
        (window as unknown as { endDisplayCapture: () => void }).endDisplayCapture(),
      );
      await expect.poll(() => share.getAttribute('data-state')).toBe('off');
      await expect.poll(() => sharing(customer), { timeout: 30_000 }).toBe(false);
      await expect
        .poll(() => shareEvents(callId!), { timeout: 15_000 })
        .toEqual([
          'call.screen_share.started',
          'call.screen_share.stopped',
          'call.screen_share.started',
          'call.screen_share.stopped',
        ]);
      // The camera goes on through it all.
      const before = framesDecoded(await inboundStats(customer));
      await waitForInbound(customer, (s) => framesDecoded(s) >= before + 10, 60_000);

      await tellerEndsCall(teller);
      const { manifest } = await closedRecording(suite.server.kysely, callId!);
      const screens = manifest.tracks.filter((t) => t.source === 'screen');
      expect(screens).toHaveLength(1);
      expect(screens[0]).toMatchObject({ participantKey: expect.stringMatching(/^teller:/), kind: 'video' });
      expect(screens[0]!.segments.length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...screens[0]!.segments.map((s) => s.bytes))).toBeGreaterThan(0);
      // The auditor's player shows it (once: the page is the same whatever the customer's device).
      if (device === 'desktop') {
        const longest = screens[0]!.segments.reduce((a, b) => (b.bytes > a.bytes ? b : a));
        await auditorSeesShare(suite.browser, ID_NUMBERS[device], longest.startOffsetMs + 300);
      }
      await Promise.all([teller.context().close(), customer.context().close()]);
    }, 240_000);
  }
});
