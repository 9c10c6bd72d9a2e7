import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SKYTELLER_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A fake camera clip made with FFmpeg: a moving test pattern, so that every
 * decoded frame differs. Cached; Chromium loops it.
 */
export function fakeCameraClip(): string {
  const file = path.join(os.tmpdir(), 'skyteller-fake-camera-640x480-15fps.y4m');
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.y4m`;
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x480:rate=15',
      '-t',
      '4',
      '-pix_fmt',
      'yuv420p',
      partial,
    ]);
    fs.renameSync(partial, file);
  }
  return file;
}

/**
 * Headless Debian Chromium with a fake camera (a .y4m clip, looped) and microphone. The network
 * flags keep it from calling home, which this machine refuses.
 */
export function launchChromium(cameraClip: string = fakeCameraClip()): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${cameraClip}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    ignoreHTTPSErrors: true,
    permissions: ['camera', 'microphone'],
    locale: 'en-US',
  });
}

export interface InboundStats {
  kind: string;
  framesDecoded?: number;
  packetsReceived?: number;
  bytesReceived?: number;
}

/** A page that runs a function in the browser: Playwright's (Chromium) or Puppeteer's (Firefox). */
export interface ScriptPage {
  evaluate<R>(pageFunction: () => Promise<R>): Promise<R>;
}

/** The page's receive-side RTP stats, as its `window.skyteller.stats()` reports them. */
export function inboundStats(page: ScriptPage): Promise<InboundStats[]> {
  return page.evaluate(async () => {
    const api = (window as unknown as { skyteller?: { stats: () => Promise<unknown[]> | unknown[] } })
      .skyteller;
    return ((await api?.stats()) ?? []) as InboundStats[];
  });
}

/** Resolves once `condition` holds on the page's inbound stats. */
export async function waitForInbound(
  page: ScriptPage,
  condition: (stats: InboundStats[]) => boolean,
  timeoutMs = 15_000,
): Promise<InboundStats[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await inboundStats(page);
    if (condition(stats)) return stats;
    if (Date.now() > deadline) throw new Error(`inbound stats never matched: ${JSON.stringify(stats)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const framesDecoded = (stats: InboundStats[]): number =>
  stats.filter((s) => s.kind === 'video').reduce((n, s) => n + (s.framesDecoded ?? 0), 0);
export const audioPackets = (stats: InboundStats[]): number =>
  stats.filter((s) => s.kind === 'audio').reduce((n, s) => n + (s.packetsReceived ?? 0), 0);

/** A phone: a 390×844 mobile viewport with touch, camera and microphone allowed, in Chinese until the page switches. */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    permissions: ['camera', 'microphone'],
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  return context.newPage();
}
