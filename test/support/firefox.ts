import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { ScriptPage } from './browser.js';
import type { FormPage } from './pages.js';

export const FIREFOX = process.env.SKYTELLER_FIREFOX ?? '/usr/bin/firefox-esr';

/**
 * Fake media and loopback ICE through Firefox's own preferences. The camera and
 * microphone are allowed as real permissions: `media.navigator.permission.disabled`
 * would make Firefox gather only "default local addresses", never `lo`, and a
 * call on loopback would fail ICE.
 */
const MEDIA_PREFERENCES: Record<string, unknown> = {
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  'media.peerconnection.ice.loopback': true,
  'media.navigator.streams.fake': true,
  // Nothing calls home: this machine refuses it, and the waits would only grow.
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

export interface FirefoxSession {
  readonly browser: Browser;
  /** A new page (tab) with the suite's self-signed certificate accepted. */
  newPage(): Promise<Page>;
  /** Closes Firefox, kills it if it will not close, and removes its profile. */
  close(): Promise<void>;
}

/** Headless Debian Firefox ESR, driven by puppeteer-core over WebDriver BiDi, in a profile of its own. */
export async function launchFirefox(): Promise<FirefoxSession> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      acceptInsecureCerts: true,
      extraPrefsFirefox: MEDIA_PREFERENCES,
      // A loaded machine starts Firefox slowly.
      timeout: 120_000,
      protocolTimeout: 120_000,
    });
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const child = browser.process();
  return {
    browser,
    newPage: async () => {
      const page = await browser.newPage();
      page.setDefaultTimeout(120_000);
      page.setDefaultNavigationTimeout(120_000);
      return page;
    },
    close: async () => {
      const closed = browser.close().then(
        () => true,
        () => false,
      );
      const gracefully = await Promise.race([
        closed,
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
      ]);
      if (!gracefully && child?.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A Firefox page as the shared page helpers (pages.ts, browser.ts) drive it.
 * Puppeteer's locators wait for their element to be there, visible and enabled,
 * as Playwright's actions do.
 */
export function firefoxPage(page: Page): FormPage & ScriptPage {
  return {
    goto: (url) => page.goto(url),
    fill: (selector, value) => page.locator(selector).fill(value),
    selectOption: (selector, value) => page.locator(selector).fill(value),
    check: async (selector) => {
      const box = await page.locator(selector).waitHandle();
      if (!(await box.evaluate((input) => (input as HTMLInputElement).checked))) await box.click();
    },
    click: (selector) => page.locator(selector).click(),
    waitForFunction: (pageFunction, _arg, { timeout }) => page.waitForFunction(pageFunction, { timeout }),
    evaluate: (pageFunction) => page.evaluate(pageFunction),
  };
}
