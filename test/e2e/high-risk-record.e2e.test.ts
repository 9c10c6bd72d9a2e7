import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import { CALL_EVENT_EXAMPLES } from '../support/call-event-examples.js';
import { TimelineStore } from '../../server/call/index.js';
import { renderingReport } from '../../server/service/record/record-test-kit.js';
import { newContext } from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { customerJoins, drawSignature, tellerEndsCall, tellerLogsIn } from '../support/pages.js';

const suite = serverAndBrowser();
const SERVICE = 'bank-authorization-change';

/** The customer answers the pushed step with the catalog's example values; the teller confirms. */
async function answerStep(customer: Page, teller: Page, values: Record<string, unknown>): Promise<void> {
  await teller.click('[data-testid=push-step]');
  for (const [name, value] of Object.entries(values)) {
    if (value === true) await customer.check(`[name=${name}]`);
    else await customer.fill(`[name=${name}]`, String(value));
  }
  await customer.click('[data-testid=submit-step]');
  await teller.click('[data-testid=confirm-step]:enabled');
}

describe('the signed record of a high-risk service done in two Chromium pages', () => {
  it('renders on every page with both poppler backends, its Chinese drawn from whole glyphs', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await (await newContext(suite.browser)).newPage();
    await tellerLogsIn(teller, suite.server.url);
    await customerJoins(customer, suite.server.url, '张三', { service: SERVICE });
    await teller.click('[data-testid=accept-offer]');
    const steps = EXAMPLE_VALUES[SERVICE] as Record<string, Record<string, unknown>>;
    for (const values of Object.values(steps)) await answerStep(customer, teller, values);

    // The face check passed against the teller's photo, as the face feature writes it
    // (the face tests run the engine and the challenge; this test is about the record).
    const { id: callId } = await suite.server.kysely
      .selectFrom('calls')
      .select('id')
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await new TimelineStore(suite.server.kysely).append({
      callId,
      ticketId: null,
      at: Date.now(),
      actor: 'system',
      type: 'face.check.passed',
      data: {
        ...CALL_EVENT_EXAMPLES['face.check.passed'],
        distance: 0.31,
        score: 0.31,
        referenceSource: 'teller',
      },
    });
    // What the face feature does when it judges a check: the teller's console is told, and
    // its signature button, held until the check has passed, comes on.
    await suite.server.services.faceCheckChanged(callId);

    await teller.click('[data-testid=request-signature]');
    // The page checks the summary's hash against its own before it lets the customer sign.
    await expect
      .poll(() => customer.getAttribute('[data-testid=summary-hash]', 'data-verified'))
      .toBe('true');
    await drawSignature(customer);
    await customer.click('[data-testid=submit-signature]');
    // The teller's console shows the signature as drawn (an image the page decodes).
    await expect
      .poll(
        () =>
          teller
            .locator('img[data-testid=teller-signature]')
            .evaluate((img: HTMLImageElement) => img.naturalWidth)
            .catch(() => 0),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    await teller.click('[data-testid=complete-service]:enabled');
    await customer.waitForSelector('[data-testid=download-record]');
    await tellerEndsCall(teller);
    await customer.waitForSelector('[data-testid=call-ended] [data-testid=download-record]');
    expect(await customer.getAttribute('[data-testid=service-outcome]', 'data-outcome')).toBe('completed');

    const downloading = customer.waitForEvent('download');
    await customer.click('[data-testid=download-record]');
    const file = (await (await downloading).path())!;
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const report = await renderingReport(file);
    expect(report.glyphs.problems).toEqual([]);
    expect(report.glyphs.checked).toBeGreaterThan(60);
    for (const renderer of report.renderers) {
      expect(renderer.errors, renderer.tool).toBe('');
      expect(renderer.pagesWithInk, renderer.tool).toBe(renderer.pages);
    }
  }, 120_000);
});
