import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext } from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { staffSignsIn } from '../support/pages.js';
import { addStaffAccount } from '../support/staff.js';

const context = serverAndBrowser();
// Generous: the machine running the suite may be busy.
const WAIT = { timeout: 30_000 };
const NEW_PASSWORD = 'amber-lantern-quiet-93';

const fill = async (page: Page, selector: string, value: string) => page.fill(selector, value);

describe('staff sign-in in the browser', () => {
  it('takes a new supervisor from a one-time password through enrolment to the board, and back to an empty sign-in when the session ends', async () => {
    const { server, browser } = context;
    const userId = await addStaffAccount(server, {
      username: 'newboss',
      role: 'supervisor',
      password: 'Otp-9f3k-22x',
      oneTimePassword: true,
    });
    const page = await (await newContext(browser)).newPage();
    try {
      await page.goto(`${server.url}/supervisor/`);
      await fill(page, 'input[name=username]', 'newboss');
      await fill(page, 'input[name=password]', 'Otp-9f3k-22x');
      await page.click('[data-testid=login]');

      // The one-time password gets nothing but the new-password form; a weak one is refused.
      await page.waitForSelector('form[data-step=change_password]:not([hidden])', WAIT);
      await fill(page, 'input[name=newPassword]', 'password1234');
      await fill(page, 'input[name=repeatPassword]', 'password1234');
      await page.click('[data-testid=change-password]');
      await page.waitForSelector('form[data-step=change_password] [data-role=error]:not([hidden])', WAIT);
      await fill(page, 'input[name=newPassword]', NEW_PASSWORD);
      await fill(page, 'input[name=repeatPassword]', NEW_PASSWORD);
      await page.click('[data-testid=change-password]');

      // A supervisor must enrol: a QR code drawn by the server, the key, and a code from it.
      await page.waitForSelector('[data-testid=enrol-qr][src^="data:image/png;base64,"]', WAIT);
      const secret = (await page.textContent('[data-testid=enrol-secret]'))!.trim();
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await fill(page, '#enrol-code', await generate({ secret }));
      await page.click('[data-testid=confirm-enrolment]');
      await page.waitForSelector('[data-testid=recovery-codes] li', WAIT);
      expect(await page.locator('[data-testid=recovery-codes] li').count()).toBe(10);
      await page.click('[data-testid=recovery-done]');
      await page.waitForSelector('[data-screen=board]:not([hidden])', WAIT);
      // The page holds no session of its own: the cookie is HttpOnly and storage is empty.
      expect(await page.evaluate(() => [document.cookie, sessionStorage.length])).toEqual(['', 0]);

      // The session ends elsewhere (an administrator disabled the account): the sign-in shows, empty.
      await server.identity.sessions.revokeAllFor(userId, 'account_disabled');
      await page.waitForSelector('[data-screen=login]:not([hidden])', WAIT);
      expect(await page.textContent('[data-testid=login-error]')).not.toBe('');
      expect(await page.inputValue('input[name=password]')).toBe('');
      expect(await page.isHidden('[data-testid=recovery-codes]')).toBe(true);
      expect(await page.locator('[data-testid=recovery-codes] li').count()).toBe(0);
      expect(await page.getAttribute('[data-testid=enrol-qr]', 'src')).toBeNull();
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('keeps a demo auditor signed in across a reload by the cookie alone, and signs out for good', async () => {
    const { server, browser } = context;
    const page = await (await newContext(browser)).newPage();
    try {
      await staffSignsIn(page, `${server.url}/auditor/`, 'auditor1');
      // The search ran over REST with nothing but the cookie.
      await page.waitForSelector('[data-testid=results-count]:not(:empty)', WAIT);
      await page.reload();
      await page.waitForSelector('[data-screen=audit]:not([hidden])', WAIT);
      await page.click('[data-testid=logout]');
      await page.waitForSelector('[data-screen=login]:not([hidden])', WAIT);
      await page.reload();
      await page.waitForSelector('[data-screen=login]:not([hidden])', WAIT);
      expect(await page.isHidden('[data-screen=audit]')).toBe(true);
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
