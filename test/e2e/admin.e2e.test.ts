import { describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../shared/contracts/auth.js';
import { newContext } from '../support/browser.js';
import { serverAndBrowser } from '../support/browser-suite.js';
import { httpRequest } from '../support/clients.js';
import { staffSignsIn } from '../support/pages.js';

const suite = serverAndBrowser();
/** Argon2 hashing and a fresh list after each action take a moment on a loaded machine. */
const WAIT = { timeout: 20_000 };

describe('the admin console', () => {
  it('creates a teller with services and languages, shows the one-time password once, and it signs in', async () => {
    const page = await (await newContext(suite.browser)).newPage();
    await staffSignsIn(page, `${suite.server.url}/admin/`, 'admin1');
    await page.locator('[data-testid=accounts] tr[data-username=teller1]').waitFor(WAIT);

    await page.fill('[data-testid=account-form] input[name=username]', 'teller7');
    await page.fill('input[name=displayName]', 'Teller Seven 柜员七');
    await page.selectOption('select[name=role]', 'teller');
    await page.check('input[name=services][value=contact-change]');
    await page.check('input[name=languages][value=yue]');
    await page.click('[data-testid=account-submit]');

    const dialog = page.locator('[data-testid=secret-dialog]');
    await dialog.waitFor({ state: 'visible', ...WAIT });
    const password = (await page.textContent('[data-testid=secret-value]'))!;
    expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    await page.click('[data-testid=secret-close]');
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    // Closed, the password is nowhere on the page any more.
    expect(await page.content()).not.toContain(password);

    const row = page.locator('[data-testid=accounts] tr[data-username=teller7]');
    await row.waitFor(WAIT);
    await expect.poll(() => row.locator('[data-status=must_change]').count(), WAIT).toBe(1);
    const signIn = await httpRequest<LoginResponse>(suite.server, 'POST', '/api/auth/login', {
      json: { username: 'teller7', password },
    });
    expect(signIn.status).toBe(200);
    const profile = await suite.server.kysely
      .selectFrom('teller_profiles as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.skills', 'p.languages'])
      .where('u.username', '=', 'teller7')
      .executeTakeFirst();
    expect(profile).toEqual({ skills: '["contact-change"]', languages: '["cmn","yue"]' });

    // Disabling from the list.
    await row.locator('[data-testid=disable-account]').click();
    await expect.poll(() => row.locator('[data-status=disabled]').count(), WAIT).toBe(1);
    await row.locator('[data-testid=enable-account]').waitFor(WAIT);

    // An API key, shown once.
    await page.fill('[data-testid=api-key-form] input[name=name]', 'Core banking');
    await page.check('input[name=scopes][value="records.verify"]');
    await page.click('[data-testid=issue-api-key]');
    await dialog.waitFor({ state: 'visible', ...WAIT });
    expect(await page.textContent('[data-testid=secret-value]')).toMatch(/^skyk_/);
    await page.click('[data-testid=secret-close]');
    await page.locator('[data-testid=api-keys] tr[data-key-name="Core banking"]').waitFor(WAIT);
    await page.context().close();
  }, 90_000);

  it('turns away a signed-in teller', async () => {
    const page = await (await newContext(suite.browser)).newPage();
    await staffSignsIn(page, `${suite.server.url}/admin/`, 'teller1');
    await page.locator('[data-testid=login-error]').waitFor({ state: 'visible', ...WAIT });
    expect(await page.locator('[data-screen=console]').isHidden()).toBe(true);
    await page.context().close();
  }, 60_000);
});
