import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import { DEMO_ACCOUNTS } from '../../server/identity/demo-accounts.js';
import type { CallOutcome } from '../../shared/contracts/auditor.js';
import { maskName } from '../../shared/domain/person-name.js';
import { framesDecoded, newContext, waitForInbound } from '../support/browser.js';
import { customerJoins, staffSignsIn, tellerLogsIn } from '../support/pages.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { recordedCall } from '../support/recorded-call-fixture.js';

/** The customer's ID finds their call alone (not an elderly customer's: that mode has no language switch). */
const ID_NUMBER = '110105198803140031';
const CUSTOMER_NAME = '王小明';
const POLL = { timeout: 30_000, interval: 250 };

const suite = serverAndBrowser();

/** Latin words the Chinese pages may show: the product's name, formats and units, the language switch. */
const LATIN_ALLOWED = new Set(['Skyteller', 'PDF', 'SHA', 'JPEG', 'PNG', 'MB', 'VIP', 'English']);
/** Chinese text the English pages may show: the language switch. */
const CJK_ALLOWED = ['中文'];
/** Names people were given: shown as they are in either language. */
const PROPER_NAMES = [
  ...DEMO_ACCOUNTS.flatMap((a) => [a.displayName, a.username]),
  CUSTOMER_NAME,
  maskName(CUSTOMER_NAME),
];

/**
 * Everything a person can see on the page: the text on screen, and the labels
 * and tooltips of what is visible. Names, hashes and clock times are left out:
 * they are the same in every language.
 */
async function visibleText(page: Page): Promise<string> {
  const text = await page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of document.querySelectorAll<HTMLElement>('[aria-label], [title], [placeholder]')) {
      if (!el.checkVisibility()) continue;
      for (const name of ['aria-label', 'title', 'placeholder']) parts.push(el.getAttribute(name) ?? '');
    }
    return parts.join('\n');
  });
  let cleaned = text;
  for (const name of [...PROPER_NAMES].sort((a, b) => b.length - a.length))
    cleaned = cleaned.split(name).join(' ');
  return cleaned.replace(/\b[0-9a-f]{8,}\b/g, ' ');
}

/** Problems with the page's language: raw codes in both, English on the Chinese page, Chinese on the English one. */
function languageProblems(text: string, locale: 'zh-CN' | 'en'): string[] {
  const codes = text.match(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g) ?? [];
  const foreign =
    locale === 'zh-CN'
      ? (text.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !LATIN_ALLOWED.has(word))
      : (text.match(/[\u3400-\u9fff\uff00-\uffef]+/g) ?? []).filter((word) => !CJK_ALLOWED.includes(word));
  return [...new Set([...codes.map((c) => `code ${c}`), ...foreign.map((w) => `foreign ${w}`)])];
}

/** Switches the page's language with its own switch and checks what it shows. */
async function expectOneLanguage(page: Page, name: string): Promise<void> {
  for (const locale of ['zh-CN', 'en'] as const) {
    await page.click(`[data-testid=locale-${locale}]`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
    const text = await visibleText(page);
    expect(languageProblems(text, locale), `${name} page in ${locale}:\n${text}`).toEqual([]);
  }
}

/** Clicks a button that may ask for a confirmation first (hang-up, end call), and confirms. */
async function clickConfirming(page: Page, button: string, confirm: string): Promise<void> {
  await page.click(button);
  const confirmation = page.locator(confirm);
  await confirmation.click({ timeout: 2_000 }).catch(() => undefined);
}

describe('one language per page, and the auditor at a review', () => {
  it('shows every page in one language after a loan call the face check never passed, which the auditor approves only on a second confirmation', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await (await newContext(suite.browser)).newPage();
    const supervisor = await (await newContext(suite.browser)).newPage();
    const auditor = await (await newContext(suite.browser)).newPage();
    await tellerLogsIn(teller, suite.server.url);
    await staffSignsIn(supervisor, `${suite.server.url}/supervisor/`, 'supervisor1');
    await customerJoins(customer, suite.server.url, CUSTOMER_NAME, {
      service: 'policy-loan',
      idNumber: ID_NUMBER,
    });
    await teller.click('[data-testid=accept-offer]');
    await waitForInbound(customer, (s) => framesDecoded(s) > 0, 30_000);

    // One step pushed, answered and confirmed; the loan is never completed.
    const { policyNumber } = (EXAMPLE_VALUES['policy-loan'] as Record<string, Record<string, string>>)
      .policy!;
    await teller.click('[data-testid=push-step]');
    await customer.fill('[name=policyNumber]', policyNumber!);
    await customer.click('[data-testid=submit-step]');
    await teller.click('[data-testid=confirm-step]');
    await teller.waitForTimeout(2_000);
    await clickConfirming(customer, '[data-testid=hang-up]', '[data-testid=hang-up-confirm]');
    await customer.waitForSelector('[data-testid=call-ended]', { state: 'visible' });
    await expect.poll(() => suite.server.pool.routerCount, POLL).toBe(0);

    await expectOneLanguage(customer, 'customer');
    await expectOneLanguage(teller, 'teller');
    await expectOneLanguage(supervisor, 'supervisor');

    // The auditor finds the call once its recording is closed.
    await staffSignsIn(auditor, `${suite.server.url}/auditor/`, 'auditor1');
    await auditor.fill('input[name=customer]', ID_NUMBER);
    const row = auditor.locator('[data-testid=call-row]');
    await expect
      .poll(async () => {
        await auditor.click('[data-testid=search-calls]');
        return row.locator('[data-status^=recording-]').getAttribute('data-status', { timeout: 1_000 });
      }, POLL)
      .toBe('recording-complete');
    // The list tells a service that was not completed from a completed one.
    expect(await row.locator('[data-testid=call-outcome]').getAttribute('data-service')).toBe(
      'not_completed',
    );
    await row.click();
    const detail = auditor.locator('[data-testid=call-detail]');
    await detail.waitFor({ state: 'visible' });
    const outcome = detail.locator('[data-testid=call-outcome]');
    expect(await outcome.getAttribute('data-service')).toBe('not_completed');
    expect(await outcome.getAttribute('data-face')).toBe('not_done');
    expect(await auditor.locator('[data-testid=event-list] > li').count()).toBeGreaterThanOrEqual(5);
    // The customer's name is masked in the player as in the list.
    expect(await auditor.textContent('[data-side=customer] [data-slot=name]')).toBe('王**');

    // Verified, but with no record: never "all checks passed".
    const result = auditor.locator('[data-testid=verify-result]');
    await auditor.click('[data-testid=verify]');
    await expect.poll(() => result.getAttribute('data-ok'), POLL).toBe('true');
    expect(await result.locator('[data-slot=summary]').getAttribute('data-i18n')).toBe(
      'auditor.verifyPartly',
    );
    expect(await result.locator('[data-check=record]').getAttribute('data-ok')).toBe('none');

    // Approving the failed high-risk call asks again, naming its problems; only then is it approved.
    await auditor.click('[data-testid=approve]');
    await auditor.waitForSelector('[data-testid=approve-confirm]', { state: 'visible' });
    expect(await auditor.isHidden('[data-testid=decision-shown]')).toBe(true);
    await expectOneLanguage(auditor, 'auditor');
    await auditor.click('[data-testid=approve-confirm]');
    await auditor.waitForSelector('[data-testid=decision-shown][data-decision=approved]');
    const stored = await suite.server.kysely
      .selectFrom('audit_decisions')
      .select(['decision', 'seen_outcome'])
      .executeTakeFirstOrThrow();
    expect(stored.decision).toBe('approved');
    expect(JSON.parse(stored.seen_outcome ?? 'null') as CallOutcome).toMatchObject({
      service: 'not_completed',
      face: 'not_done',
    });
    await expectOneLanguage(auditor, 'auditor');
  }, 240_000);

  it('fits the auditor page on a 390 px phone, list and call, in both languages', async () => {
    await recordedCall(suite.server, { serviceId: 'policy-loan', customer: { fullName: 'Chan Tai Man' } });
    const context = await suite.browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phone = await context.newPage();
    await staffSignsIn(phone, `${suite.server.url}/auditor/`, 'auditor1');
    const overflow = () =>
      phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const locale of ['zh-CN', 'en'] as const) {
      await phone.click(`[data-testid=locale-${locale}]`);
      await phone.waitForSelector('[data-testid=call-row]');
      expect(await overflow()).toBeLessThanOrEqual(0);
      // The Open button is on screen, not beyond its right edge.
      const open = (await phone.locator('[data-testid=open-call]').first().boundingBox())!;
      expect(open.x + open.width).toBeLessThanOrEqual(390);
      await phone.locator('[data-testid=open-call]').first().click();
      await phone.waitForSelector('[data-testid=call-detail]', { state: 'visible' });
      expect(await overflow()).toBeLessThanOrEqual(0);
      await phone.click('[data-testid=close-call]');
    }
    await context.close();
  }, 120_000);
});
