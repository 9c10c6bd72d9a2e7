import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  framesDecoded,
  inboundStats,
  launchChromium,
  newContext,
  waitForInbound,
} from '../support/browser.js';
import { customerJoins, tellerEndsCall, tellerLogsIn } from '../support/pages.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let browser: Browser;
const pages: Page[] = [];

async function openPage(): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  pages.push(page);
  return page;
}

beforeAll(async () => {
  browser = await launchChromium();
});
// A server each: customers whose pages closed would otherwise still be in line for the grace period.
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
  await server?.close();
});
afterAll(async () => {
  await browser?.close();
});

const text = (page: Page, testId: string) => page.textContent(`[data-testid=${testId}]`);

describe('the queue in the browser', () => {
  it('shows an elderly customer its place and wait, both moving when someone ahead leaves', async () => {
    // teller2 is busy with a first customer and teller1 is on a break, so the line stands still.
    const busyTeller = await openPage();
    await tellerLogsIn(busyTeller, server.url, 'teller2');
    const first = await openPage();
    await customerJoins(first, server.url, 'First Customer');
    await busyTeller.click('[data-testid=accept-offer]');
    const resting = await openPage();
    await tellerLogsIn(resting, server.url, 'teller1');
    await resting.click('[data-testid=status-away]');

    const ahead = await openPage();
    await customerJoins(ahead, server.url, 'Ahead Of You');
    const elderly = await openPage();
    await customerJoins(elderly, server.url, 'Elderly Behind');

    // Born in 1949: elderly mode is on by itself, large text and high contrast.
    await expect
      .poll(() => elderly.evaluate(() => document.body.classList.contains('elderly-mode')))
      .toBe(true);
    const fontSize = await elderly.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(24);
    await expect.poll(() => text(elderly, 'queue-position')).toContain('2');
    const waitBefore = Number(await elderly.getAttribute('[data-testid=estimated-wait]', 'data-ms'));
    expect(waitBefore).toBeGreaterThan(0);

    await ahead.click('[data-testid=leave-queue]');
    await expect.poll(() => text(elderly, 'queue-position')).toContain('1');
    await expect
      .poll(async () => Number(await elderly.getAttribute('[data-testid=estimated-wait]', 'data-ms')))
      .toBeLessThan(waitBefore);

    // Anyone may switch it off.
    await elderly.click('[data-testid=elderly-mode]');
    await expect
      .poll(() => elderly.evaluate(() => document.body.classList.contains('elderly-mode')))
      .toBe(false);
    await tellerEndsCall(busyTeller);
  }, 90_000);

  it('transfers a call to a second teller while video keeps flowing to the customer', async () => {
    const firstTeller = await openPage();
    await tellerLogsIn(firstTeller, server.url, 'teller1');
    const customer = await openPage();
    await customerJoins(customer, server.url, 'Transferred Customer');
    await firstTeller.click('[data-testid=accept-offer]');
    await waitForInbound(customer, (s) => framesDecoded(s) > 10);

    const secondTeller = await openPage();
    await tellerLogsIn(secondTeller, server.url, 'teller2');
    await firstTeller.click('[data-testid=transfer-open]');
    const target = await firstTeller
      .locator('select[name=transferTarget] option', { hasText: 'Teller Two' })
      .first();
    await firstTeller.selectOption('select[name=transferTarget]', (await target.getAttribute('value'))!);
    await firstTeller.fill('[name=transferReason]', 'Needs a Cantonese speaker');
    await firstTeller.click('[data-testid=transfer-confirm]');

    await customer.click('[data-testid=transfer-consent-accept]');
    await secondTeller.click('[data-testid=accept-offer]');
    await expect.poll(() => text(customer, 'teller-name')).toContain('Teller Two');

    // The customer's video comes from the second teller now and keeps decoding.
    const afterHandOver = framesDecoded(await inboundStats(customer));
    await waitForInbound(customer, (s) => framesDecoded(s) >= afterHandOver + 30);
    await waitForInbound(secondTeller, (s) => framesDecoded(s) > 10);
    // The first teller is back at its desk; one router carried the whole call.
    await firstTeller.waitForSelector('[data-testid=end-call]', { state: 'hidden' });
    expect(server.pool.routerCount).toBe(1);
    await customer.click('[data-testid=hang-up]');
    await customer.click('[data-testid=hang-up-confirm]');
    await expect.poll(() => server.pool.routerCount).toBe(0);
    // The end screen says the call was handed over, and that the service was not done.
    const outcome = customer.locator('[data-testid=service-outcome]');
    await expect.poll(() => outcome.getAttribute('data-transferred')).toBe('true');
    expect(await outcome.getAttribute('data-outcome')).toBe('not_completed');
    expect(await outcome.textContent()).toContain('Teller Two');
  }, 120_000);
});
