import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext } from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { customerJoins, tellerLogsIn } from '../support/pages.js';

// Wrap-up on, as in production: the teller records each call's outcome before the next customer.
// Offers stand long enough for a loaded machine.
const suite = serverAndBrowser({ SKYTELLER_WRAP_UP_SECONDS: '60', SKYTELLER_OFFER_TIMEOUT_SECONDS: '120' });

interface Raised {
  title: string;
  body: string;
}

/** A teller's browser that allows notifications and keeps a list of those the page raises. */
async function tellerContext(): Promise<BrowserContext> {
  const context = await newContext(suite.browser);
  await context.grantPermissions(['camera', 'microphone', 'notifications'], { origin: suite.server.url });
  await context.addInitScript(() => {
    const Original = window.Notification;
    const raised: { title: string; body: string }[] = [];
    (window as unknown as { raisedNotifications: typeof raised }).raisedNotifications = raised;
    window.Notification = class extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        raised.push({ title, body: options?.body ?? '' });
      }
    } as typeof Notification;
  });
  return context;
}

const raised = (page: Page): Promise<Raised[]> =>
  page.evaluate(() => (window as unknown as { raisedNotifications: Raised[] }).raisedNotifications);

/** A consultation, from the pushed step to the completed service. */
async function serveConsultation(teller: Page, customer: Page): Promise<void> {
  await teller.click('[data-testid=push-step]');
  // Completing waits for the step: disabled, with the reason beside it.
  expect(await teller.isDisabled('[data-testid=complete-service]')).toBe(true);
  await teller.waitForSelector('[data-testid=complete-service-reasons] li');
  await customer.selectOption('select[name=topic]', 'policy');
  await customer.fill('textarea[name=question]', '我的保单什么时候到期？');
  await customer.click('[data-testid=submit-step]');
  await teller.click('[data-testid=confirm-step]');
  await teller.click('[data-testid=complete-service]');
  await teller.waitForSelector('[data-testid=teller-record]');
}

describe('a teller at the desk in Chromium', () => {
  it('is alerted to an offer, confirms ending the call, wraps it up, and opens its record from the day’s history', async () => {
    const teller = await (await tellerContext()).newPage();
    const customer = await (await newContext(suite.browser)).newPage();
    await tellerLogsIn(teller, suite.server.url);
    const deskTitle = await teller.title();

    // The offer notifies, and the tab's title flashes until it is answered.
    await customerJoins(customer, suite.server.url, 'Desk Customer 王芳', { service: 'consultation' });
    await expect.poll(() => raised(teller), { timeout: 15_000 }).toHaveLength(1);
    expect((await raised(teller))[0]!.body).toContain('Desk Customer 王芳');
    await expect.poll(() => teller.title(), { timeout: 10_000 }).not.toBe(deskTitle);
    await teller.click('[data-testid=accept-offer]');
    await expect.poll(() => teller.title()).toBe(deskTitle);

    await serveConsultation(teller, customer);

    // Ending the call asks first; keeping it changes nothing.
    await teller.click('[data-testid=end-call]');
    await teller.click('[data-testid=end-call-cancel]');
    expect(await teller.isVisible('[data-testid=end-call]')).toBe(true);
    await teller.click('[data-testid=end-call]');
    await teller.click('[data-testid=end-call-confirm]');
    await customer.waitForSelector('[data-testid=call-ended]', { state: 'visible' });

    // Wrap-up: the next customer waits until the teller is done.
    await teller.waitForSelector('[data-testid=wrap-up]', { state: 'visible' });
    const next = await (await newContext(suite.browser)).newPage();
    await customerJoins(next, suite.server.url, 'Next Customer 张伟', { service: 'consultation' });
    await expect.poll(() => next.textContent('[data-testid=queue-position]')).toContain('1');
    expect(await teller.isVisible('[data-testid=offer]')).toBe(false);
    await teller.selectOption('select[name=outcome]', 'follow_up');
    await teller.fill('textarea[name=note]', 'Calls back on Monday');
    await teller.click('[data-testid=wrap-up-done]');
    await teller.waitForSelector('[data-testid=wrap-up]', { state: 'hidden' });
    await teller.waitForSelector('[data-testid=offer]', { state: 'visible' });
    expect(
      await suite.server.kysely
        .selectFrom('call_wrap_ups')
        .select(['outcome', 'note', 'ended_by as endedBy'])
        .execute(),
    ).toEqual([{ outcome: 'follow_up', note: 'Calls back on Monday', endedBy: 'teller' }]);

    // The day's history, from the store: the call, its outcome and its signed record.
    const row = teller.locator('[data-testid=call-history] [data-testid=history-row]');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.first().textContent()).toMatch(/Follow-up needed|需跟进/);
    const href = await row.first().locator('a[data-testid=history-record]').getAttribute('href');
    expect(href).toMatch(/^\/api\/calls\/[^/]+\/record\.pdf$/);
    const record = await teller.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, start: String.fromCharCode(...bytes.slice(0, 5)) };
    }, href!);
    expect(record).toEqual({ status: 200, start: '%PDF-' });
  }, 120_000);
});
