import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import { newContext, phonePage } from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { customerJoins, staffSignsIn, tellerEndsCall } from '../support/pages.js';
import { rowCount } from '../support/tamper.js';

const suite = serverAndBrowser();

/** Set SKYTELLER_SCREENSHOTS=<dir> to keep a picture of every screen in every variant. */
const SHOTS = process.env.SKYTELLER_SCREENSHOTS;

const WIDTHS = [390, 360] as const;
const LOCALES = ['zh-CN', 'en'] as const;

const elderlyOn = (page: Page) => page.evaluate(() => document.body.classList.contains('elderly-mode'));

async function setElderly(page: Page, on: boolean): Promise<void> {
  if ((await elderlyOn(page)) !== on) await page.click('[data-testid=elderly-mode]');
  await expect.poll(() => elderlyOn(page)).toBe(on);
}

/**
 * The screen on show fits the phone in every variant: both widths, both
 * languages, normal and elderly mode. Ends in Chinese, normal mode.
 */
async function fitsEveryPhone(page: Page, screen: string): Promise<void> {
  for (const locale of LOCALES) {
    await setElderly(page, false);
    await page.click(`[data-testid=locale-${locale}]`);
    for (const elderly of [false, true]) {
      await setElderly(page, elderly);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 844 });
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        const variant = `${screen}-${width}-${locale}${elderly ? '-elderly' : ''}`;
        expect(scrollWidth, variant).toBeLessThanOrEqual(innerWidth);
        // A phone zooms out to show a page that is too wide, and its innerWidth grows with it: the
        // phone's own width is the bound that cannot move.
        expect(Math.max(scrollWidth, innerWidth), variant).toBeLessThanOrEqual(width);
        if (SHOTS) {
          fs.mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SHOTS, `${variant}.png`), fullPage: true });
        }
      }
      if (SHOTS) {
        // A desktop-wide look as well, for the pictures only.
        await page.setViewportSize({ width: 1280, height: 900 });
        const variant = `${screen}-desktop-${locale}${elderly ? '-elderly' : ''}`;
        await page.screenshot({ path: path.join(SHOTS, `${variant}.png`), fullPage: true });
      }
    }
  }
  await setElderly(page, false);
  await page.click('[data-testid=locale-zh-CN]');
  await page.setViewportSize({ width: 390, height: 844 });
}

const { policy, 'new-contact': contact } = EXAMPLE_VALUES['contact-change'] as Record<
  string,
  Record<string, string>
>;
const receivingAccount = EXAMPLE_VALUES['policy-loan']!['receiving-account'] as Record<string, string>;

/** The next test's customer must not be offered to this teller. */
async function leaveDesk(teller: Page): Promise<void> {
  await teller.waitForSelector('[data-testid=end-call]', { state: 'hidden' });
  await teller.click('[data-testid=status-away]');
  await teller.context().close();
}

describe('the customer on a phone', () => {
  it('fits 360 and 390 px on every screen, checks the devices while waiting and states the outcome', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    await staffSignsIn(teller, `${suite.server.url}/teller/`, 'teller1');
    const customer = await phonePage(suite.browser);

    await customer.goto(`${suite.server.url}/`);
    await customer.waitForSelector('[data-testid=join-queue]');
    await fitsEveryPhone(customer, 'join');

    // Waiting, with nobody available: the pre-call check shows the camera, the microphone's level and the devices.
    await customerJoins(customer, suite.server.url);
    const check = customer.locator('[data-testid=precall-check]');
    await check.waitFor({ state: 'visible' });
    await expect
      .poll(() => customer.getAttribute('[data-testid=mic-level]', 'data-level').then(Number))
      .toBeGreaterThan(0);
    expect(await customer.locator('select[name=camera] option').count()).toBeGreaterThan(0);
    expect(await customer.locator('select[name=microphone] option').count()).toBeGreaterThan(0);
    await customer.click('[data-testid=speaker-test]');
    await fitsEveryPhone(customer, 'waiting');
    // In elderly mode too.
    await setElderly(customer, true);
    expect(await check.isVisible()).toBe(true);
    expect(await customer.locator('[data-testid=mic-level]').isVisible()).toBe(true);
    await setElderly(customer, false);

    // A teller is offered this customer: no minutes are promised any more.
    await teller.click('[data-testid=status-available]');
    await expect
      .poll(() => customer.getAttribute('[data-testid=estimated-wait]', 'data-i18n'))
      .toBe('waiting.estimate.answering');
    await teller.click('[data-testid=accept-offer]');

    // A pushed step comes into view and takes the focus.
    await teller.click('[data-testid=push-step]');
    const step = customer.locator('[data-testid=service-step]');
    await step.waitFor();
    await expect
      .poll(() => customer.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('policyNumber');
    await fitsEveryPhone(customer, 'call-step');

    // A correction keeps what the customer typed.
    await customer.fill('[name=policyNumber]', 'P2019000124');
    await customer.click('[data-testid=submit-step]');
    await teller.fill('[data-testid=correction-input]', '请核对保单号的最后一位');
    await teller.click('[data-testid=request-correction]');
    await customer.waitForSelector('[data-testid=correction-message]');
    expect(await customer.inputValue('[name=policyNumber]')).toBe('P2019000124');
    await customer.fill('[name=policyNumber]', policy!.policyNumber!);
    await customer.click('[data-testid=submit-step]');
    await teller.click('[data-testid=confirm-step]');
    await teller.click('[data-testid=push-step]');
    await customer.fill('[name=mobilePhone]', contact!.mobilePhone!);
    await customer.fill('[name=address]', contact!.address!);
    await customer.click('[data-testid=submit-step]');
    await teller.click('[data-testid=confirm-step]');

    // Signing: the summary, without the fingerprint, fits the phone.
    await teller.click('[data-testid=request-signature]');
    await customer.waitForSelector('[data-testid=signing-summary]');
    expect(await customer.locator('[data-testid=summary-hash]').isVisible()).toBe(false);
    expect(await customer.locator('[data-testid=signing-summary]').innerText()).not.toContain('SHA-256');
    await fitsEveryPhone(customer, 'signing');

    // Hanging up asks first; staying keeps the call.
    await customer.click('[data-testid=hang-up]');
    await customer.click('[data-testid=hang-up-cancel]');
    expect(await customer.locator('[data-testid=signing-summary]').isVisible()).toBe(true);
    await customer.click('[data-testid=hang-up]');
    for (const width of WIDTHS) {
      await customer.setViewportSize({ width, height: 844 });
      const box = (await customer.locator('[data-testid=hang-up-dialog]').boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      if (SHOTS) await customer.screenshot({ path: path.join(SHOTS, `hang-up-confirm-${width}.png`) });
    }
    await customer.click('[data-testid=hang-up-confirm]');

    const outcome = customer.locator('[data-testid=service-outcome]');
    await expect.poll(() => outcome.getAttribute('data-outcome')).toBe('not_completed');
    expect(await customer.locator('[data-testid=download-record]').count()).toBe(0);
    await fitsEveryPhone(customer, 'ended');
    await leaveDesk(teller);
  }, 240_000);

  it('stops the join when the camera is blocked, says how to allow it, and never queues the customer', async () => {
    const customer = await phonePage(suite.browser);
    await customer.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const ticketsBefore = await rowCount(suite.server.kysely, 'tickets');
    await customerJoins(customer, suite.server.url, 'Blocked Camera');
    await customer.waitForSelector('[data-testid=media-blocked]', { state: 'visible' });
    expect(await customer.textContent('[data-testid=media-help]')).toContain('Chrome');
    expect(await customer.isVisible('[data-screen=form]')).toBe(true);
    expect(await rowCount(suite.server.kysely, 'tickets')).toBe(ticketsBefore);
    await fitsEveryPhone(customer, 'media-blocked');
  }, 120_000);

  it('takes a waiting customer whose camera stops working out of the line, saying how to fix it', async () => {
    const customer = await phonePage(suite.browser);
    // The camera works until the page is told otherwise, as when a permission is revoked before a reload.
    await customer.addInitScript(() => {
      if (sessionStorage.getItem('test.blockMedia') !== '1') return;
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await customerJoins(customer, suite.server.url, 'Camera Revoked');
    await customer.waitForSelector('[data-testid=precall-check]', { state: 'visible' });
    await customer.evaluate(() => sessionStorage.setItem('test.blockMedia', '1'));
    await customer.reload();
    await customer.waitForSelector('[data-testid=media-blocked]', { state: 'visible' });
    await expect
      .poll(() => customer.getAttribute('[data-testid=status-line]', 'data-i18n'))
      .toBe('media.lostWhileWaiting');
    // No teller will be offered this customer: the ticket has left the line.
    const row = await suite.server.kysely
      .selectFrom('tickets')
      .select('status')
      .where('full_name', '=', 'Camera Revoked')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('left');
  }, 120_000);

  /** A teller takes `service`'s customer and walks them through the policy step. */
  async function pastThePolicyStep(service: string, name: string): Promise<{ teller: Page; customer: Page }> {
    const teller = await (await newContext(suite.browser)).newPage();
    await staffSignsIn(teller, `${suite.server.url}/teller/`, 'teller2');
    const customer = await phonePage(suite.browser);
    await customerJoins(customer, suite.server.url, name, { service });
    await teller.click('[data-testid=status-available]');
    await teller.click('[data-testid=accept-offer]');
    await teller.click('[data-testid=push-step]');
    await customer.fill('[name=policyNumber]', policy!.policyNumber!);
    await customer.click('[data-testid=submit-step]');
    await teller.click('[data-testid=confirm-step]');
    await teller.click('[data-testid=push-step]');
    return { teller, customer };
  }

  const fieldError = (page: Page, name: string) => page.textContent(`[data-testid=field-error-${name}]`);

  it('shows units and says what is allowed: the term range and the largest loan', async () => {
    const { teller, customer } = await pastThePolicyStep('policy-loan', 'Loan Customer');
    await customer.waitForSelector('[name=cashValue]');
    expect(await customer.textContent('#step-cashValue + .unit')).toBe('元');
    expect(await customer.textContent('#step-termMonths + .unit')).toBe('个月');
    await customer.fill('[name=cashValue]', '100000');
    await customer.fill('[name=amount]', '90000');
    await customer.fill('[name=termMonths]', '12');
    await customer.click('[data-testid=submit-step]');
    await expect.poll(() => fieldError(customer, 'termMonths')).toContain('1–6 个月');
    // The refused box takes the focus; what was typed stays.
    expect(await customer.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('termMonths');
    await customer.fill('[name=termMonths]', '6');
    await customer.click('[data-testid=submit-step]');
    await expect.poll(() => fieldError(customer, 'amount')).toContain('80,000.00 元');
    await customer.fill('[name=amount]', '80000');
    await customer.click('[data-testid=submit-step]');
    // The teller reads amounts and terms with their units too.
    await expect
      .poll(() => teller.textContent('[data-testid=service-step-loan-terms] [data-field=amount]'))
      .toBe('80,000.00 元');
    expect(await teller.textContent('[data-testid=service-step-loan-terms] [data-field=termMonths]')).toBe(
      '6 个月',
    );
    await tellerEndsCall(teller);
    await leaveDesk(teller);
  }, 180_000);

  it('says an unticked acknowledgement must be ticked, beside its label', async () => {
    const { teller, customer } = await pastThePolicyStep('bank-authorization-change', 'Account Customer');
    await customer.waitForSelector('[name=authorizes]');
    // The box sits inside its label, on the same line as its text.
    // Both measured in one frame: cards above (location, chat) may still be moving the page.
    const offset = await customer.evaluate(() => {
      const box = document.querySelector('[name=authorizes]')!.getBoundingClientRect();
      const label = document.querySelector('label:has([name=authorizes]) span')!.getBoundingClientRect();
      return Math.abs(box.top + box.height / 2 - (label.top + Math.min(label.height, 40) / 2));
    });
    expect(offset).toBeLessThan(20);
    for (const [name, value] of Object.entries(receivingAccount))
      await customer.fill(`[name=${name}]`, value);
    await customer.click('[data-testid=submit-step]');
    await expect.poll(() => fieldError(customer, 'authorizes')).toContain('请勾选');
    await customer.check('[name=authorizes]');
    await customer.click('[data-testid=submit-step]');
    await teller.waitForSelector('[data-testid=confirm-step]');
    await tellerEndsCall(teller);
    await leaveDesk(teller);
  }, 180_000);
});
