import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, phonePage } from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { FACE_FIXTURES_DIR } from '../support/face-fixtures.js';
import { customerJoins, tellerLogsIn } from '../support/pages.js';

const suite = serverAndBrowser();

/** Set SKYTELLER_SCREENSHOTS=<dir> to keep a picture of each variant. */
const SHOTS = process.env.SKYTELLER_SCREENSHOTS;
const LOCALES = ['zh-CN', 'en'] as const;

const elderlyOn = (page: Page) => page.evaluate(() => document.body.classList.contains('elderly-mode'));

/**
 * A click through the DOM: Playwright's own click first scrolls the button (at the page's top)
 * into view, which would undo what the page brought into view; the layout is what is judged here.
 */
const press = (page: Page, testId: string) =>
  page.$eval(`[data-testid=${testId}]`, (el) => (el as HTMLElement).click());

async function setElderly(page: Page, on: boolean): Promise<void> {
  if ((await elderlyOn(page)) !== on) await press(page, 'elderly-mode');
  await expect.poll(() => elderlyOn(page)).toBe(on);
}

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Where the instruction panel and the customer's own picture are on the screen now. */
const layout = (page: Page) =>
  page.evaluate(() => {
    const box = (selector: string): Box => {
      const { top, bottom, left, right } = document.querySelector(selector)!.getBoundingClientRect();
      return { top, bottom, left, right };
    };
    return {
      panel: box('[data-testid=face-challenge]'),
      instruction: box('[data-testid=face-instruction]'),
      self: box('.stage .pip'),
      recordingBadge: box('.stage .badge-rec'),
      hangUp: box('[data-testid=hang-up]'),
      chat: box('.chat-toggle'),
      height: window.innerHeight,
    };
  });

const inView = (box: Box, height: number) => box.bottom > box.top && box.top >= 0 && box.bottom <= height;
const overlap = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * The instruction and the customer's own picture are both on the screen, neither over the other;
 * nor does the chat button, which stays in sight as the page scrolls, hide that the call is recorded;
 * and the customer can still hang up.
 */
async function bothInSight(page: Page, variant: string): Promise<void> {
  // The panel scrolls itself into view smoothly: judged once it has settled.
  await expect
    .poll(
      async () => {
        const now = await layout(page);
        return {
          instruction: inView(now.instruction, now.height),
          self: inView(now.self, now.height),
          covered: overlap(now.panel, now.self),
          recordingHidden: overlap(now.chat, now.recordingBadge),
          hangUp: inView(now.hangUp, now.height) && !overlap(now.panel, now.hangUp),
        };
      },
      { timeout: 10_000 },
    )
    .toEqual({ instruction: true, self: true, covered: false, recordingHidden: false, hangUp: true });
  if (SHOTS) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${variant}.png`) });
  }
}

async function show(page: Page, locale: (typeof LOCALES)[number], elderly: boolean): Promise<void> {
  await press(page, `locale-${locale}`);
  await setElderly(page, elderly);
}

/** The panel's border colour, and the page's own colour for the outcome (--ok, --danger) in its current mode. */
const borderColours = (page: Page, outcome: 'pass' | 'fail') =>
  page.$eval(
    '[data-testid=face-challenge]',
    (el, variable) => {
      const probe = document.createElement('span');
      probe.style.color = `var(${variable})`;
      document.body.append(probe);
      const expected = getComputedStyle(probe).color;
      probe.remove();
      return { border: getComputedStyle(el).borderTopColor, expected };
    },
    outcome === 'pass' ? '--ok' : '--danger',
  );

/** The outcome's colour on the panel's border, not elderly mode's black; its words in view. */
async function outcomeShown(page: Page, outcome: 'pass' | 'fail', variant: string): Promise<void> {
  const { border, expected } = await borderColours(page, outcome);
  expect(border, variant).toBe(expected);
  expect(border, variant).not.toBe('rgb(0, 0, 0)');
  const now = await layout(page);
  expect(inView(now.instruction, now.height), variant).toBe(true);
  expect(overlap(now.chat, now.recordingBadge), `${variant}: the chat button hides the recording badge`).toBe(
    false,
  );
  // The movements are over: no "step 2 of 2" comes back with a change of language.
  expect(await page.textContent('[data-testid=face-step-count]'), variant).toBe('');
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${variant}.png`) });
}

/** The teller starts a check; the customer's page shows its first movement. */
async function startCheck(teller: Page, customer: Page): Promise<void> {
  await teller.click('[data-testid=start-face-check]:enabled');
  await customer.waitForSelector('[data-testid=face-challenge]:not([data-outcome])', { state: 'visible' });
  await expect
    .poll(() => customer.getAttribute('[data-testid=face-instruction]', 'data-i18n'))
    .toMatch(/^face\.step\./);
}

/** The fake camera shows no face: each check fails (judged in seconds, minutes on saturated cores). */
const failed = (customer: Page) =>
  expect
    .poll(() => customer.getAttribute('[data-testid=face-challenge]', 'data-outcome'), { timeout: 240_000 })
    .toBe('fail');

/** The teller's result names the photo it was judged against: the teller's upload, by whom, its hash. */
async function tellerReadsReference(teller: Page): Promise<void> {
  const facts = teller.locator('[data-testid=face-reference-facts]');
  await facts.waitFor({ state: 'visible' });
  const { display_name: name } = await suite.server.kysely
    .selectFrom('users')
    .select('display_name')
    .where('username', '=', 'teller1')
    .executeTakeFirstOrThrow();
  const sha256 = crypto
    .createHash('sha256')
    .update(fs.readFileSync(`${FACE_FIXTURES_DIR}/astronaut.png`))
    .digest('hex');
  expect(await teller.getAttribute('[data-testid=face-reference-source]', 'data-source')).toBe('teller');
  expect(await teller.textContent('[data-testid=face-reference-uploader]')).toBe(name);
  expect(await teller.getAttribute('[data-testid=face-reference-hash]', 'data-sha256')).toBe(sha256);
  for (const locale of LOCALES) {
    await teller.click(`[data-testid=locale-${locale}]`);
    expect(await teller.textContent('[data-testid=face-reference-source]')).toBe(
      locale === 'en' ? 'Teller’s upload' : '柜员上传',
    );
    // The reasons follow the language too.
    const reasons = await teller.textContent('[data-testid=face-reasons]');
    expect(reasons).toMatch(locale === 'en' ? /^[^\u4e00-\u9fff]+$/ : /[\u4e00-\u9fff]/);
    if (SHOTS) {
      await teller.locator('[data-testid=face-result]').screenshot({
        path: path.join(SHOTS, `teller-face-result-${locale}.png`),
      });
    }
  }
}

describe('the face check on the customer’s screen', () => {
  it('keeps the instruction and the customer’s own picture in sight together; elderly mode shows pass and fail in colour', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    await tellerLogsIn(teller, suite.server.url);
    const customer = await phonePage(suite.browser);
    // The panel's height reaches the styles through CSSOM, which the page's CSP allows: no violation.
    await customer.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspViolations: seen });
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    });
    // Born 1949: the page switches elderly mode on by itself.
    await customerJoins(customer, suite.server.url);
    await teller.click('[data-testid=accept-offer]');
    await teller.setInputFiles('input[name=tellerReferencePhoto]', `${FACE_FIXTURES_DIR}/astronaut.png`);
    // The first photo also starts the face engine (its models load): minutes on saturated cores.
    await expect
      .poll(
        async () => (await suite.server.kysely.selectFrom('face_references').select('id').execute()).length,
        { timeout: 240_000 },
      )
      .toBe(1);
    // The customer has scrolled down, as to a form: the instruction must come to them.
    await customer.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await startCheck(teller, customer);

    for (const locale of LOCALES) {
      for (const elderly of [true, false]) {
        await show(customer, locale, elderly);
        await bothInSight(customer, `face-challenge-390-${locale}${elderly ? '-elderly' : ''}`);
      }
    }
    // A desktop's window, with a second check: the same promise.
    await failed(customer);
    await tellerReadsReference(teller);
    await customer.setViewportSize({ width: 1280, height: 900 });
    await startCheck(teller, customer);
    for (const locale of LOCALES) {
      await show(customer, locale, false);
      await bothInSight(customer, `face-challenge-desktop-${locale}`);
    }
    await customer.setViewportSize({ width: 390, height: 844 });

    // The fake camera shows no face: the check fails, and says so in colour as well as words.
    await failed(customer);
    for (const locale of LOCALES) {
      await show(customer, locale, true);
      await outcomeShown(customer, 'fail', `face-fail-390-${locale}-elderly`);
    }
    // A pass as the page marks one (this fake camera turns no head): its outcome and its words,
    // which the locale switch below renders in each language.
    await customer.$eval('[data-testid=face-challenge]', (el) => {
      (el as HTMLElement).dataset.outcome = 'pass';
      el.querySelector<HTMLElement>('[data-testid=face-instruction]')!.dataset.i18n = 'face.customer.passed';
    });
    for (const locale of LOCALES) {
      await show(customer, locale, true);
      await outcomeShown(customer, 'pass', `face-pass-390-${locale}-elderly`);
    }
    expect(
      await customer.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
  }, 600_000);
});
