import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './test-server.js';

/**
 * What the form helpers below need of a page: Playwright's Page has it, and
 * test/support/firefox.ts adapts a Puppeteer page (Firefox) to it.
 */
export interface FormPage {
  goto(url: string): Promise<unknown>;
  fill(selector: string, value: string): Promise<void>;
  selectOption(selector: string, value: string): Promise<unknown>;
  check(selector: string): Promise<void>;
  click(selector: string): Promise<void>;
  waitForFunction(
    pageFunction: () => boolean,
    arg: undefined,
    options: { timeout: number },
  ): Promise<unknown>;
}

/** The customer fills the join form and joins the queue, through the page's own controls. */
export async function customerJoins(
  page: FormPage,
  baseUrl: string,
  fullName = 'Li Hua 李华',
  { service = 'contact-change', idNumber = '11010519491231002X' } = {},
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.fill('input[name=fullName]', fullName);
  await page.fill('input[name=idNumber]', idNumber);
  await page.fill('input[name=phone]', '13800138000');
  await page.selectOption('select[name=service]', service);
  await page.selectOption('select[name=language]', 'cmn');
  await page.check('[data-testid=consent-recording]');
  await page.click('[data-testid=join-queue]');
  // The page asks for the camera and microphone before it joins: wait until it is in line (or says why not).
  await page.waitForFunction(
    () =>
      ['[data-screen=waiting]', '[data-screen=call]', '[data-testid=media-blocked]'].some(
        (selector) => document.querySelector(selector)?.hasAttribute('hidden') === false,
      ),
    undefined,
    { timeout: 30_000 },
  );
}

/** A staff member opens their page (`/teller/`, `/auditor/`…) and signs in with the demo password. */
export async function staffSignsIn(page: FormPage, pageUrl: string, username: string): Promise<void> {
  await page.goto(pageUrl);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.click('[data-testid=login]');
}

/** The teller logs in and goes available. */
export async function tellerLogsIn(page: FormPage, baseUrl: string, username = 'teller1'): Promise<void> {
  await staffSignsIn(page, `${baseUrl}/teller/`, username);
  await page.click('[data-testid=status-available]');
}

/** The teller ends its call: the red button, then the confirmation it asks for. */
export async function tellerEndsCall(page: FormPage): Promise<void> {
  await page.click('[data-testid=end-call]');
  await page.click('[data-testid=end-call-confirm]');
}

/** A scribble across the signature pad with real mouse moves; the mouse draws only where the pad shows. */
export async function drawSignature(page: Page): Promise<void> {
  const pad = page.locator('canvas[data-testid=signature-pad]');
  // A long form pushes the pad below the fold; a person brings it to the middle of the screen,
  // clear of what stays stuck at the top (the chat button).
  await pad.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = (await pad.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.1, y);
  await page.mouse.down();
  for (let i = 1; i <= 25; i++) {
    const x = box.x + box.width * (0.1 + (0.8 * i) / 25);
    await page.mouse.move(x, y + (i % 2 === 0 ? -1 : 1) * box.height * 0.25, { steps: 2 });
  }
  await page.mouse.up();
}

/** Moves the auditor's seek bar as a drag of its thumb would. */
export const seekTo = (page: Page, ms: number): Promise<void> =>
  page.locator('[data-testid=seek]').evaluate((bar, value) => {
    (bar as HTMLInputElement).value = String(value);
    bar.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
