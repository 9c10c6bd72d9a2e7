import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { pdftotext } from '../../server/service/record/record-test-kit.js';
import { newContext } from '../support/browser.js';
import { customerJoins, staffSignsIn, tellerEndsCall, tellerLogsIn } from '../support/pages.js';
import { serverAndBrowser } from '../support/browser-suite.js';

const suite = serverAndBrowser();

const HTML = '<img src=x onerror=alert(1)>';
const ID_NUMBER = '110105198803140031';
/** Pages on a loaded machine: every wait is generous. */
const POLL = { timeout: 30_000, interval: 200 };

function statementPng(): Buffer {
  const png = new PNG({ width: 16, height: 16 });
  png.data.fill(120);
  return PNG.sync.write(png);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The chat's messages on a page, in order: who wrote each, and its text or file name. */
function chatLines(page: Page, list = '[data-testid=chat-log]'): Promise<{ from: string; text: string }[]> {
  return page.$$eval(`${list} [data-testid=chat-message]`, (items) =>
    items.map((item) => ({
      from: (item as HTMLElement).dataset.from ?? '',
      text:
        item.querySelector('[data-testid=chat-text]')?.textContent ??
        item.querySelector('.chat-file-name')?.textContent ??
        '',
    })),
  );
}

async function openChat(page: Page): Promise<void> {
  await page.click('[data-testid=chat-open]');
  await page.waitForSelector('[data-testid=chat-panel]', { state: 'visible' });
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill('textarea[name=chatMessage]', text);
  await page.click('[data-testid=chat-send]');
}

/** No script ran from a message: an alert would have opened a dialog. */
function refuseDialogs(page: Page, seen: string[]): void {
  page.on('dialog', (dialog) => {
    seen.push(dialog.message());
    void dialog.dismiss();
  });
}

describe('the in-call chat in two Chromium pages', () => {
  it('exchanges messages and files, survives a customer reload, and shows in the record and to the auditor, as text', async () => {
    const dialogs: string[] = [];
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await (await newContext(suite.browser)).newPage();
    refuseDialogs(teller, dialogs);
    refuseDialogs(customer, dialogs);
    await tellerLogsIn(teller, suite.server.url);
    await customerJoins(customer, suite.server.url, 'Li Hua 李华', {
      service: 'consultation',
      idNumber: ID_NUMBER,
    });
    await teller.click('[data-testid=accept-offer]');
    await customer.waitForSelector('[data-testid=chat-open]', { state: 'visible', timeout: 30_000 });
    await teller.waitForSelector('[data-testid=chat-open]', { state: 'visible', timeout: 30_000 });

    // The customer writes; the teller's closed panel counts it as unread.
    await openChat(customer);
    await say(customer, '我听不清，可以打字吗？');
    await expect.poll(() => teller.textContent('[data-testid=chat-unread]'), POLL).toBe('1');
    await openChat(teller);
    expect(await teller.isHidden('[data-testid=chat-unread]')).toBe(true);

    // The teller answers with markup: it arrives as the characters typed, never as an element.
    await say(teller, HTML);
    await expect
      .poll(() => chatLines(customer), POLL)
      .toEqual([
        { from: 'customer', text: '我听不清，可以打字吗？' },
        { from: 'teller', text: HTML },
      ]);
    expect(await customer.locator('[data-testid=chat-log] img').count()).toBe(0);

    // Files both ways, by the page's own file pickers.
    const png = statementPng();
    await customer.setInputFiles('input[type=file][name=chatFile]', {
      name: 'statement.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await teller.setInputFiles('input[type=file][name=chatFile]', {
      name: 'policy.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    const expected = [
      { from: 'customer', text: '我听不清，可以打字吗？' },
      { from: 'teller', text: HTML },
      { from: 'customer', text: 'statement.png' },
      { from: 'teller', text: 'policy.pdf' },
    ];
    for (const page of [customer, teller]) await expect.poll(() => chatLines(page), POLL).toEqual(expected);
    const downloading = teller.waitForEvent('download');
    await teller.click('[data-testid=chat-message][data-from=customer] [data-testid=chat-download]');
    const saved = fs.readFileSync((await (await downloading).path())!);
    expect(saved.equals(png)).toBe(true);

    // A file that is not a PDF, JPEG or PNG is refused, whatever it is called.
    await customer.setInputFiles('input[type=file][name=chatFile]', {
      name: 'fake.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html>not a pdf</html>'),
    });
    await expect
      .poll(() => customer.getAttribute('[data-testid=status-line]', 'data-i18n'), POLL)
      .toBe('error.chat_file_type');

    // The customer's page reloads: the chat comes back whole, and goes on.
    await customer.reload();
    await customer.waitForSelector('[data-testid=chat-open]', { state: 'visible', timeout: 30_000 });
    await openChat(customer);
    await expect.poll(() => chatLines(customer), POLL).toEqual(expected);
    await say(customer, 'back again');
    await expect
      .poll(async () => (await chatLines(teller)).at(-1), POLL)
      .toEqual({
        from: 'customer',
        text: 'back again',
      });

    // The service ends with a record.
    await teller.click('[data-testid=push-step]');
    await customer.selectOption('[name=topic]', 'policy');
    await customer.fill('[name=question]', 'How do I pay?');
    await customer.click('[data-testid=submit-step]');
    await teller.click('[data-testid=confirm-step]');
    await teller.click('[data-testid=complete-service]');
    await customer.waitForSelector('[data-testid=download-record]');
    await tellerEndsCall(teller);
    await customer.waitForSelector('[data-testid=call-ended] [data-testid=download-record]', {
      timeout: 60_000,
    });
    const recordDownload = customer.waitForEvent('download');
    await customer.click('[data-testid=download-record]');
    const text = pdftotext((await (await recordDownload).path())!);
    expect(text).toContain(HTML);
    expect(text).toContain('back again');
    expect(text).toContain(sha256(png));
    expect(text).toContain(sha256(PDF));

    // The auditor reads the chat as it was written, with the files' hashes, and fetches a file.
    const auditor = await (await newContext(suite.browser)).newPage();
    refuseDialogs(auditor, dialogs);
    await staffSignsIn(auditor, `${suite.server.url}/auditor/`, 'auditor1');
    await auditor.fill('input[name=customer]', ID_NUMBER);
    await expect
      .poll(async () => {
        await auditor.click('[data-testid=search-calls]');
        return auditor.locator('[data-testid=call-row]').count();
      }, POLL)
      .toBe(1);
    await auditor.click('[data-testid=call-row]');
    const transcript = '[data-testid=chat-transcript]';
    await expect
      .poll(() => chatLines(auditor, transcript), POLL)
      .toEqual([...expected, { from: 'customer', text: 'back again' }]);
    expect(await auditor.locator(`${transcript} img`).count()).toBe(0);
    const hashes = await auditor.$$eval(`${transcript} [data-testid=chat-file-hash]`, (nodes) =>
      nodes.map((n) => n.textContent ?? ''),
    );
    expect(hashes.join(' ')).toContain(sha256(png));
    const fromAuditor = auditor.waitForEvent('download');
    await auditor.click(`${transcript} [data-from=teller] [data-testid=chat-download]`);
    expect(fs.readFileSync((await (await fromAuditor).path())!).equals(PDF)).toBe(true);
    const accessed = await suite.server.kysely
      .selectFrom('audit_log')
      .select('actor_username as actor')
      .where('action', '=', 'chat.file_accessed')
      .execute();
    expect(accessed).toContainEqual({ actor: 'teller1' });
    expect(accessed).toContainEqual({ actor: 'auditor1' });
    expect(dialogs).toEqual([]);
    await Promise.all([teller.context().close(), customer.context().close(), auditor.context().close()]);
  }, 240_000);
});
