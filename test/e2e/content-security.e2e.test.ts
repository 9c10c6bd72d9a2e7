import { describe, expect, it } from 'vitest';
import { newContext } from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';

const PAGES = ['/', '/teller/', '/supervisor/', '/auditor/', '/admin/'];

describe('pages under their Content-Security-Policy', () => {
  const suite = serverAndBrowser();

  it('load and run with nothing blocked', async () => {
    for (const pagePath of PAGES) {
      const page = await (await newContext(suite.browser)).newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(
            `Content Security Policy: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
          );
        });
      });
      await page.goto(new URL(pagePath, suite.server.url).href);
      // Every page's text comes from its script's message catalog: text shows the script ran.
      await page.waitForFunction(
        () => Boolean(document.querySelector('[data-i18n]')?.textContent?.trim()),
        null,
        {
          timeout: 30_000,
        },
      );
      expect(violations, pagePath).toEqual([]);
      await page.context().close();
    }
  });
});
